import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { assertValid, column, dq, job, pipeline, table, validatePipeline, type ProblemCode } from "../src/dsl";
import { renderPipeline } from "../src/render";

const columns = [
  { name: "email", type: "string" as const },
  { name: "serialnumber", type: "string" as const },
  { name: "timestamp", type: "bigint" as const },
  { name: "x", type: "double" as const },
];
const customers = [
  { name: "email", type: "string" as const },
  { name: "serialnumber", type: "string" as const },
];

/** A reference whose columns share no name with the evaluated data's. */
const customerKeys = [
  { name: "customer_email", type: "string" as const },
  { name: "customer_serialnumber", type: "string" as const },
];

function check(quality: dq.Quality) {
  return dq.checkQuality(quality, {
    job: "j",
    node: "N",
    columns,
    tableColumns: (name) =>
      name === "customer_trusted" ? customers : name === "customer_keys" ? customerKeys : undefined,
    tableNames: ["customer_trusted", "customer_keys"],
  });
}

const codes = (quality: dq.Quality): ProblemCode[] => check(quality).problems.map((p) => p.code);

describe("data-quality rules: rendering DQDL", () => {
  it("renders every rule kind as Glue's DQDL", () => {
    const text = dq.renderRuleset([
      dq.rowCount(">", 0),
      dq.rowCount("between", 1, 100),
      dq.isComplete("email"),
      dq.completeness("email", ">=", 0.95),
      dq.isUnique("email"),
      dq.uniqueness("email", ">", 0.99),
      dq.columnValues("timestamp", ">", 0),
      dq.columnValues("serialnumber", "in", ["a", "b"]),
      dq.columnValues("email", "matches", "^.+@.+$"),
      dq.columnExists("x"),
      dq.columnDataType("timestamp", "LONG"),
      dq.customSql("select count(*) from primary where x < 0", "=", 0),
      dq.referentialIntegrity(["email"], "customer_trusted", ["email"], "=", 1),
      dq.referentialIntegrity(["serialnumber", "email"], "customer_trusted", ["serialnumber", "email"], ">=", 0.9),
      dq.distinctValuesCount("email", ">", 10),
      dq.and(dq.isComplete("email"), dq.or(dq.columnValues("x", ">", 0), dq.isUnique("x"))),
    ]);
    expect(text).to.equal(
      [
        "Rules = [",
        "    RowCount > 0,",
        "    RowCount between 1 and 100,",
        '    IsComplete "email",',
        '    Completeness "email" >= 0.95,',
        '    IsUnique "email",',
        '    Uniqueness "email" > 0.99,',
        '    ColumnValues "timestamp" > 0,',
        '    ColumnValues "serialnumber" in ["a","b"],',
        '    ColumnValues "email" matches "^.+@.+$",',
        '    ColumnExists "x",',
        '    ColumnDataType "timestamp" = "LONG",',
        '    CustomSql "select count(*) from primary where x < 0" = 0,',
        '    ReferentialIntegrity "email" "customer_trusted.email" = 1,',
        '    ReferentialIntegrity "serialnumber,email" "customer_trusted.{serialnumber,email}" >= 0.9,',
        '    DistinctValuesCount "email" > 10,',
        '    (IsComplete "email") and ((ColumnValues "x" > 0) or (IsUnique "x"))',
        "]",
      ].join("\n"),
    );
  });

  it("parses what it renders back into the same rules", () => {
    const list = [
      dq.rowCount("between", 1, 100),
      dq.columnValues("serialnumber", "in", ["a", "b"]),
      dq.referentialIntegrity(["serialnumber", "email"], "customer_trusted", ["serialnumber", "email"], ">=", 0.9),
      dq.and(dq.isComplete("email"), dq.columnValues("x", "<=", 3.5)),
      dq.customSqlRows("select email from primary"),
    ];
    const parsed = dq.parseRuleset(dq.renderRuleset(list));
    expect(parsed).to.deep.equal({ ok: true, rules: list });
  });
});

// Every rule type is one spec (src/model/quality/rule-types.ts); these loop over all of them, so a new rule type is
// tested by adding its spec.
describe("data-quality rules: one spec per rule type", () => {
  const specs = Object.entries(dq.RULE_TYPES) as [string, dq.RuleTypeSpec<dq.DqRuleType>][];
  /** Every column and table the specs' examples name, so each example checks clean. */
  const exampleColumns = [
    { name: "email", type: "string" as const },
    { name: "timestamp", type: "bigint" as const },
    { name: "zone", type: "string" as const },
    { name: "user", type: "string" as const },
  ];
  const checkExample = (rule: dq.DqRule, without?: string) =>
    dq.checkQuality(dq.rules("warn", rule), {
      job: "j",
      node: "N",
      columns: exampleColumns.filter((c) => c.name !== without),
      tableColumns: (name) => (name === "customer_trusted" ? customers : undefined),
      tableNames: ["customer_trusted"],
    }).problems;

  it("builds each example with the builder call the reference shows, and parses its DQDL back into it", () => {
    expect(specs.map(([type]) => type)).to.include.members(["RowCount", "CustomSql", "and", "or"]);
    for (const [type, spec] of specs) {
      for (const { dsl, rule } of spec.examples) {
        expect(rule.rule, dsl).to.equal(type);
        expect(runInNewContext(dsl, { dq }), dsl).to.deep.equal(rule);
        expect(dq.parseRuleset(dq.renderRuleset([rule])), dsl).to.deep.equal({ ok: true, rules: [rule] });
        expect(checkExample(rule), dsl).to.deep.equal([]);
      }
      for (const [, builder] of spec.builder.matchAll(/dq\.(\w+)\(/g))
        expect(typeof (dq as unknown as Record<string, unknown>)[builder!], builder).to.equal("function");
    }
  });

  it("refuses each rule type's example when a column it names is missing (all but RowCount name one)", () => {
    const namingNone: string[] = [];
    for (const [type, spec] of specs) {
      let refused = 0;
      for (const { dsl, rule } of spec.examples)
        for (const { name } of exampleColumns) {
          const problems = checkExample(rule, name);
          if (problems.length === 0) continue;
          refused++;
          expect(
            problems.map((p) => [p.code, p.field]),
            `${dsl} without ${name}`,
          ).to.deep.include(["unknown-column", name]);
        }
      if (refused === 0) namingNone.push(type);
    }
    expect(namingNone).to.deep.equal(["RowCount"]);
  });

  it("refuses a ColumnExists rule on a column the data does not have (it could only fail)", () => {
    expect(codes(dq.rules("warn", dq.columnExists("emial")))).to.deep.equal(["unknown-column"]);
    expect(codes(dq.rawRules("warn", 'Rules = [ ColumnExists "emial" ]'))).to.deep.equal(["unknown-column"]);
  });

  it("does not type-check a registry that lacks a rule type's spec", () => {
    const { RowCount: omitted, ...rest } = dq.RULE_TYPES;
    // @ts-expect-error: RowCount's spec is missing, so tsc refuses the registry (npm test runs tsc).
    const registry: dq.RuleTypeSpecs = rest;
    expect(omitted.dqdl).to.equal("RowCount <condition>");
    expect(Object.keys(registry)).to.not.include("RowCount");
  });

  it("has docs/reference/data-quality-rules.md generated from the specs", () => {
    const path = join(__dirname, "..", "docs", "reference", "data-quality-rules.md");
    expect(
      readFileSync(path, "utf8") === dq.dataQualityRuleReference(),
      "docs/reference/data-quality-rules.md differs from the rule specs; regenerate it with\n" +
        `npx tsx -e 'process.stdout.write(require("./src/model/quality").dataQualityRuleReference())' ` +
        "> docs/reference/data-quality-rules.md",
    ).to.equal(true);
  });
});

describe("data-quality rules: validation", () => {
  it("accepts well-typed rules and lists the tables they read", () => {
    const result = check(
      dq.rules(
        "warn",
        dq.isComplete("email"),
        dq.referentialIntegrity(["email"], "customer_trusted", ["email"], "=", 1),
      ),
    );
    expect(result.problems).to.deep.equal([]);
    expect(result.references).to.deep.equal(["customer_trusted"]);
  });

  it("names job, node and field of an unknown column, with a suggestion", () => {
    const [p] = check(dq.rules("fail", dq.isComplete("emial"))).problems;
    expect(p).to.include({ code: "unknown-column", job: "j", node: "N", field: "emial" });
    expect(p!.fix).to.contain('Did you mean "email"?');
  });

  it("refuses operands of the wrong type", () => {
    expect(codes(dq.rules("fail", dq.columnValues("timestamp", ">", "yesterday")))).to.deep.equal(["type-mismatch"]);
    expect(codes(dq.rules("fail", dq.columnValues("email", ">", 3)))).to.deep.equal(["type-mismatch"]);
    expect(codes(dq.rules("fail", dq.columnValues("x", "matches", "^1")))).to.deep.equal(["type-mismatch"]);
    expect(codes(dq.rules("fail", dq.columnValues("timestamp", "in", ["a"])))).to.deep.equal(["type-mismatch"]);
    expect(codes(dq.rules("fail", dq.completeness("email", ">", 95)))).to.deep.equal(["invalid-literal"]);
    expect(codes(dq.rules("fail", dq.rowCount(">", -1)))).to.deep.equal(["invalid-literal"]);
  });

  it("checks references: unknown table, unknown column, type", () => {
    expect(codes(dq.rules("warn", dq.referentialIntegrity(["email"], "customers", ["email"], "=", 1)))).to.deep.equal([
      "unknown-table",
    ]);
    expect(
      codes(dq.rules("warn", dq.referentialIntegrity(["email"], "customer_trusted", ["mail"], "=", 1))),
    ).to.deep.equal(["unknown-column"]);
    expect(
      codes(dq.rules("warn", dq.referentialIntegrity(["timestamp"], "customer_trusted", ["email"], "=", 1))),
    ).to.deep.equal(["type-mismatch"]);
  });

  it("parses a raw ruleset and checks it like typed rules", () => {
    expect(
      check(dq.rawRules("warn", 'Rules = [ IsComplete "email", ColumnValues "x" between 0 and 1, Mean "x" > 0 ]'))
        .problems,
    ).to.deep.equal([]);
    expect(codes(dq.rawRules("warn", 'Rules = [ IsComplete "nope" ]'))).to.deep.equal(["unknown-column"]);
  });

  it("refuses a malformed raw ruleset, an unknown rule type and Glue-only rule types", () => {
    const messages = (raw: string) => check(dq.rawRules("fail", raw)).problems.map((p) => `${p.code}: ${p.message}`);
    expect(messages('Rules = [ IsComplete "email" ')).to.deep.equal([
      'invalid-rule: the raw DQDL ruleset does not parse: expected "]", found the end of the ruleset.',
    ]);
    expect(messages('Rules = [ IsCompleat "email" ]')[0]).to.contain('unknown rule type "IsCompleat"');
    expect(messages('Rules = [ FileFreshness "s3://b/p" > 1 ]')[0]).to.contain("evaluated only by AWS Glue");
    expect(messages("Rules = [ RowCount > ]")[0]).to.contain("expected a number");
  });
});

// AWS Glue's documented CustomSql errors ("Troubleshooting AWS Glue Data Quality", CustomSQL errors; the DQDL
// reference's CustomSql page), which Deequ's engine locally does not all make: one test each.
describe("data-quality rules: row-level CustomSql as AWS Glue accepts it (issue 18.8)", () => {
  const rowLevel = (sql: string, references: string[] = []) =>
    check(dq.rules("warn", dq.customSqlRows(sql, references))).problems.map((p) => ({
      code: p.code,
      field: p.field,
      text: `${p.job}/${p.node}: ${p.message} ${p.fix}`,
    }));

  it("accepts plain primary columns, with or without references, DISTINCT, set operations and a threshold", () => {
    for (const sql of [
      "select email from primary where x > 0",
      "select distinct p.email, p.timestamp from primary p join customer_keys c on c.customer_email = p.email",
      "select email, serialnumber from primary " +
        "intersect select customer_email, customer_serialnumber from customer_keys",
      "select `p`.`email` from primary as p " +
        "where exists (select 1 from customer_keys k where k.customer_email = p.email)",
      "select * from primary where x > 0",
      "select t.email from (select email from primary where x > 0) t",
    ])
      expect(rowLevel(sql, ["customer_keys"]), sql).to.deep.equal([]);
    const raw = 'Rules = [ CustomSql "select email from primary where x > 0" with threshold > 0.5 ]';
    expect(check(dq.rawRules("warn", raw)).problems).to.deep.equal([]);
    expect(
      check(dq.rules("fail", dq.customSql("select count(*) from primary where x < 0", "=", 0))).problems,
    ).to.deep.equal([]);
  });

  it("refuses an aggregate: a row-level rule needs columns that match the input dataset", () => {
    const [p, ...rest] = rowLevel("select count(*) from primary");
    expect(rest).to.deep.equal([]);
    expect(p).to.include({ code: "invalid-rule", field: "CustomSql" });
    expect(p!.text)
      .to.contain("j/N: the row-level query returns count(*), an aggregate")
      .and.to.contain("must contain at least one column that matches the input dataset")
      .and.to.contain("dq.customSql(sql, op, value)");
  });

  it("refuses an expression, even one named after a primary column: only plain columns of primary", () => {
    const problems = rowLevel("select coalesce(p.email, '') as email, upper(serialnumber) from primary p");
    expect(problems.map((p) => p.text.split(";")[0])).to.deep.equal([
      "j/N: the row-level query returns the expression coalesce(p.email, '') as email",
      "j/N: the row-level query returns the expression upper(serialnumber)",
    ]);
    expect(problems[0]!.text).to.contain("without functions, literals or renaming");
    expect(rowLevel("select email as mail from primary").map((p) => p.code)).to.deep.equal(["invalid-rule"]);
  });

  it("refuses a column the primary table does not have (Glue: cannot resolve)", () => {
    const [p, ...rest] = rowLevel("select emial from primary");
    expect(rest).to.deep.equal([]);
    expect(p).to.include({ code: "unknown-column", field: "emial" });
    expect(p!.text).to.contain("which the evaluated data (primary) does not have").and.to.contain('"email"?');
  });

  it("refuses a column of a reference table: selected from it, by *, or sharing its name", () => {
    const join = "from primary p join customer_trusted c on c.email = p.email";
    const [fromReference] = rowLevel(`select c.serialnumber ${join}`, ["customer_trusted"]);
    expect(fromReference!.text)
      .to.contain('returns c.serialnumber, a column of reference table "customer_trusted"')
      .and.to.contain("should only belong to the primary table");
    const [star] = rowLevel(`select * ${join}`, ["customer_trusted"]);
    expect(star!.text).to.contain('every column (*), including those of reference table "customer_trusted"');
    // Glue matches the returned columns by name: p.serialnumber is also customer_trusted's serialnumber.
    const [shared, ...rest] = rowLevel(`select p.serialnumber, p.timestamp ${join}`, ["customer_trusted"]);
    expect(rest).to.deep.equal([]);
    expect(shared).to.include({ code: "invalid-rule", field: "serialnumber" });
    expect(shared!.text)
      .to.contain('"serialnumber", which reference table "customer_trusted" also has')
      .and.to.contain("some columns (serialnumber) belong to reference table")
      .and.to.contain('calls it "customer_trusted_serialnumber"');
    // A table read after INTERSECT counts too.
    const intersect = "select serialnumber from primary intersect select serialnumber from customer_trusted";
    expect(rowLevel(intersect, ["customer_trusted"]).map((p) => p.field)).to.deep.equal(["serialnumber"]);
    // A raw ruleset's reference tables are found in its SQL.
    const raw = `Rules = [ CustomSql "select p.email ${join}" ]`;
    expect(check(dq.rawRules("warn", raw)).problems.map((p) => p.field)).to.deep.equal(["email"]);
  });

  it("refuses a condition together with a threshold", () => {
    const raw = 'Rules = [ CustomSql "select count(*) from primary" > 0 with threshold > 0.5 ]';
    const problems = check(dq.rawRules("warn", raw)).problems;
    expect(problems.map((p) => p.message)).to.deep.equal([
      'the rule has both a condition (> 0) and "with threshold"; the DQDL reference says a CustomSql rule may not ' +
        "contain both.",
    ]);
  });

  it("refuses a query whose select list it cannot read, saying how to write it", () => {
    const [p] = rowLevel("values (1) union select email from primary");
    expect(p!.text).to.contain("cannot be checked: it does not start with SELECT").and.to.contain("select <primary's");
  });
});

describe("data-quality rules in a pipeline", () => {
  const landing = table("things_landing", {
    entity: "things",
    zone: "landing",
    columns: [column("id", "bigint"), column("owner", "string")],
  });
  const owners = table("owners_landing", { entity: "owners", zone: "landing", columns: [column("email", "string")] });
  const things = table("things_trusted", {
    entity: "things",
    zone: "trusted",
    quality: dq.rules(
      "quarantine",
      dq.isComplete("id"),
      dq.referentialIntegrity(["owner"], "owners_landing", ["email"], "=", 1),
    ),
  });
  const def = (quality = things.quality!) =>
    pipeline(
      "p",
      [landing, owners, { ...things, quality }],
      [
        job("load_things", ({ source, sink }) =>
          sink(
            source(landing, { name: "Things" }),
            { ...things, quality },
            { name: "Things Trusted", mode: "overwrite" },
          ),
        ),
      ],
    );

  it("checks a table's rules in every job writing it, right before the sink, reading the tables they refer to", () => {
    const validated = assertValid(def());
    const nodes = validated.jobs[0]!.nodes.map((n) => [n.def.kind, n.def.name]);
    expect(nodes).to.deep.equal([
      ["source", "Owners Landing For Data Quality"],
      ["source", "Things"],
      ["evaluateDataQuality", "Things Trusted Data Quality"],
      ["sink", "Things Trusted"],
    ]);
    const rendered = renderPipeline(validated, { stack: "t", database: "t", options: {} });
    const [loadThings] = rendered.jobs;
    expect(loadThings!.reads).to.include("owners_landing");
    expect(loadThings!.quality).to.deep.equal([
      {
        context: loadThings!.quality[0]!.context,
        node: "Things Trusted Data Quality",
        table: "things_trusted",
        action: "quarantine",
        ruleset: 'Rules = [\n    IsComplete "id",\n    ReferentialIntegrity "owner" "owners_landing.email" = 1\n]',
        quarantine: "things/quarantine/things_trusted/load_things/",
        feeds: ["things_trusted"],
      },
    ]);
    expect(loadThings!.writeLocations).to.deep.include({
      bucket: "data",
      prefix: "things/quarantine/things_trusted/load_things/",
    });
    expect(loadThings!.script)
      .to.contain("from awsgluedq.transforms import EvaluateDataQuality")
      .and.to.contain("quarantineFailedRows(glueContext, ");
    expect(rendered.tables.find((t) => t.name === "things_trusted")!.quality).to.deep.equal({
      action: "quarantine",
      ruleset: loadThings!.quality[0]!.ruleset,
    });
  });

  it("reports a bad table rule at the check node of the job writing the table", () => {
    const result = validatePipeline(def(dq.rules("fail", dq.columnValues("id", "matches", "^1"))));
    expect(result.ok).to.equal(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.job, p.node, p.field])).to.deep.equal([
      ["type-mismatch", "load_things", "Things Trusted Data Quality", "id"],
    ]);
  });

  it("marks tables and nodes with rules in the lineage", () => {
    const lineage = readFileSync(join(__dirname, "..", "generated", "dev", "lineage.md"), "utf8");
    expect(lineage).to.contain('t_customer_trusted[("customer_trusted<br/>rules: fail")]');
    expect(lineage).to.contain(
      'j_machine_learning_curated["machine_learning_curated<br/>checks Same Customer Check: warn"]',
    );
    expect(lineage)
      .to.contain("## Data quality")
      .and.to.contain("| `machine_learning_curated` | Same Customer Check | node | warn |");
  });
});
