/**
 * A SQL node reads only its inputs. On Glue, Spark's session catalog is the job run's own (no
 * --enable-glue-datacatalog), so `FROM stedi_dev.customer_trusted` finds nothing there, while the local runner's
 * session catalog holds every table and would run it: validation refuses such SQL, naming job, node and field.
 */
import { expect } from "chai";
import shop from "../jobs/shop/project";
import { stediPipeline } from "../jobs/stedi/project";
import { column, job, pipeline, table, validatePipeline, type PipelineDef, type Problem } from "../src/dsl";
import { sqlRelations } from "../src/model/sql-relations";
import { sparkCall } from "./spark-service";

/** Every query a test here scans, for the comparison with Spark's parser below. */
const SCANNED: string[] = [];
const names = (query: string) => {
  SCANNED.push(query);
  return sqlRelations(query).map((r) => r.name);
};

describe("sql relations: what a query reads", () => {
  it("finds relations after FROM, JOIN and commas of a FROM list, qualified or not", () => {
    expect(names("SELECT * FROM a")).to.deep.equal(["a"]);
    expect(names("SELECT a.x FROM readings a LEFT SEMI JOIN customers c ON a.u = c.e")).to.deep.equal([
      "readings",
      "customers",
    ]);
    expect(names("select * from a x, b AS y cross join c")).to.deep.equal(["a", "b", "c"]);
    expect(names("SELECT * FROM stedi_dev.customer_trusted")).to.deep.equal(["stedi_dev.customer_trusted"]);
    expect(names("SELECT * FROM `stedi_dev`.`customer trusted`")).to.deep.equal(["stedi_dev.customer trusted"]);
    expect(names("SELECT * FROM glue_catalog.db.t JOIN spark_catalog.db.u USING (k)")).to.deep.equal([
      "glue_catalog.db.t",
      "spark_catalog.db.u",
    ]);
    expect(names("SELECT * FROM parquet.`s3://bucket/x/`")).to.deep.equal(["parquet.s3://bucket/x/"]);
    expect(sqlRelations("SELECT * FROM db.t")[0]).to.deep.equal({ name: "db.t", qualified: true });
  });

  it("finds relations in subqueries, EXISTS and IN, and after a JOIN's ON condition", () => {
    expect(names("SELECT * FROM (SELECT * FROM db.t) s")).to.deep.equal(["db.t"]);
    expect(names("SELECT * FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k)")).to.deep.equal(["a", "b"]);
    expect(names("SELECT * FROM a WHERE k IN (SELECT k FROM db.b)")).to.deep.equal(["a", "db.b"]);
    expect(names("SELECT * FROM a JOIN b ON a.k = b.k, c")).to.deep.equal(["a", "b", "c"]);
    expect(names("SELECT x, (SELECT max(y) FROM db.t) AS m FROM a")).to.deep.equal(["db.t", "a"]);
  });

  it("ignores CTEs, functions' FROM, table functions, strings, comments and column references", () => {
    expect(names("WITH w AS (SELECT * FROM a), v (k) AS (SELECT k FROM w) SELECT * FROM v JOIN w")).to.deep.equal([
      "a",
    ]);
    expect(names("SELECT EXTRACT(YEAR FROM ts), TRIM(BOTH ' ' FROM s), substring(s FROM 2) FROM a")).to.deep.equal([
      "a",
    ]);
    expect(names("SELECT * FROM range(10)")).to.deep.equal([]);
    expect(names("SELECT 'FROM db.t' AS s, \"join x.y\" FROM a -- FROM db.c\n/* JOIN db.d */")).to.deep.equal(["a"]);
    expect(names("SELECT a.user, a.x FROM a LATERAL VIEW explode(a.tags) t AS tag, n")).to.deep.equal(["a"]);
    expect(names("SELECT * FROM VALUES (1, 2) AS v(a, b)")).to.deep.equal([]);
    expect(names("SELECT 1")).to.deep.equal([]);
  });

  it("never throws on unterminated strings, names or comments", () => {
    for (const q of ["SELECT 'x FROM", "SELECT * FROM `db", "SELECT /* FROM t", "FROM", "FROM (", ")))", "a.b.("])
      expect(() => sqlRelations(q), q).to.not.throw();
  });
});

describe("sql node: reads only its inputs", () => {
  const landing = table("shop_landing", {
    entity: "shop",
    zone: "landing",
    columns: [column("id", "bigint"), column("name", "string")],
  });
  const trusted = table("shop_trusted", { entity: "shop", zone: "trusted" });

  function problemsOf(query: string): Problem[] {
    const j = job("sql_job", ({ source, sql, sink }) => {
      const shop = source(landing, { name: "Shop" });
      sink(sql(query, { shop }, [column("id", "bigint")], { name: "Pick" }), trusted, {
        name: "Out",
        mode: "overwrite",
      });
    });
    const r = validatePipeline(pipeline("p", [landing, trusted], [j]));
    return r.ok ? [] : r.problems.filter((p) => p.code === "unknown-table");
  }

  it("refuses a catalog table named through Spark's session catalog, naming job, node, field and the fix", () => {
    const [p, ...rest] = problemsOf("SELECT s.id FROM shop s JOIN stedi_dev.customer_trusted c ON s.id = c.id");
    expect(rest).to.deep.equal([]);
    expect(p).to.include({ job: "sql_job", node: "Pick", field: "stedi_dev.customer_trusted" });
    expect(p!.message).to.match(/from a catalog.*session catalog does not hold the lakehouse tables/);
    expect(p!.fix)
      .to.match(/source node/)
      .and.match(/\{ customer_trusted: frame \}/);
  });

  it("refuses glue_catalog, spark_catalog and path reads the same way", () => {
    for (const from of ["glue_catalog.stedi_dev.t", "spark_catalog.stedi_dev.t", "parquet.`s3://b/customer/trusted/`"])
      expect(
        problemsOf(`SELECT id FROM ${from}`).map((p) => p.message),
        from,
      ).to.have.length(1);
  });

  it("refuses a name that is not an input, suggesting the alias", () => {
    const [p] = problemsOf("SELECT id FROM shopp");
    expect(p).to.include({ job: "sql_job", node: "Pick", field: "shopp" });
    expect(p!.fix).to.match(/Did you mean "shop"\?/);
  });

  it("accepts its inputs, in any case, and its CTEs", () => {
    expect(problemsOf("SELECT id FROM shop")).to.deep.equal([]);
    expect(problemsOf("WITH x AS (SELECT id FROM SHOP) SELECT id FROM x")).to.deep.equal([]);
  });
});

describe("sql relations: the same as Spark's own parser", function () {
  const sqlQueries = (p: PipelineDef) =>
    p.jobs.flatMap((j) => j.nodes.flatMap((n) => (n.kind === "sql" ? [n.query] : [])));

  it("finds what Spark 3.5's parser resolves, on every query above and every SQL node of the pipelines", async function () {
    const pipelines = [stediPipeline({ privacy: "standard" }), stediPipeline({ privacy: "strict" }), shop.pipeline({})];
    const refused = [
      "SELECT s.id FROM shop s JOIN stedi_dev.customer_trusted c ON s.id = c.id",
      "SELECT id FROM parquet.`s3://b/customer/trusted/`",
      "WITH x AS (SELECT id FROM SHOP) SELECT id FROM x",
    ];
    const corpus = [...new Set([...SCANNED, ...refused, ...pipelines.flatMap(sqlQueries)])];
    expect(corpus.length, "the queries of the tests above ran first").to.be.greaterThan(20);
    // Every query in one request to the shared session (tests/spark-service.ts): parsing takes milliseconds.
    const spark = await sparkCall<string[][]>("sql_relations", corpus);
    const ours = corpus.map((q) => [...new Set(sqlRelations(q).map((x) => x.name))].sort());
    const differences = corpus.flatMap((q, i) =>
      JSON.stringify(ours[i]) === JSON.stringify(spark[i]) ? [] : [{ query: q, ours: ours[i], spark: spark[i] }],
    );
    expect(differences).to.deep.equal([]);
  });
});
