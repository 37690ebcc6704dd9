/**
 * Stack config: the two stack files parse to what their comments promise, every bad value stops the
 * program with a message naming the key and the allowed values, and docs/reference/configuration.md lists
 * every key.
 */
import { PROJECTS } from "../jobs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { stackConfigValues } from "../src/cli/stacks";
import { awsCronProblem } from "../src/config/cron";
import {
  CONFIG,
  configReferenceTable,
  parseStackConfig,
  projectOptionsTable,
  StackConfigError,
} from "../src/config/stack-config";
import { runProgram } from "./infra-harness";

const VALID = { "aws:region": "us-east-1", "lakehouse:project": "stedi" };

function problemsOf(values: Record<string, string>): readonly string[] {
  try {
    parseStackConfig("test", { ...VALID, ...values }, PROJECTS);
  } catch (e) {
    if (e instanceof StackConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("config: stack settings", function () {
  it("reads dev as standard privacy, two G.1X workers on FLEX, crawlers on, on demand", function () {
    const dev = parseStackConfig("dev", stackConfigValues("dev"), PROJECTS);
    expect(dev).to.deep.include({
      stack: "dev",
      region: "us-east-1",
      project: "stedi",
      options: { privacy: "standard", tableFormat: "parquet" },
      databaseName: "stedi_dev",
      crawlers: true,
    });
    expect(dev.jobs).to.deep.include({ workerType: "G.1X", numberOfWorkers: 2, executionClass: "FLEX" });
    expect(dev.schedule).to.equal(undefined);
  });

  it("reads prod as strict privacy, scheduled, STANDARD capacity, no crawlers", function () {
    const prod = parseStackConfig("prod", stackConfigValues("prod"), PROJECTS);
    expect(prod).to.deep.include({
      options: { privacy: "strict", tableFormat: "parquet" },
      schedule: "cron(0 6 * * ? *)",
      crawlers: false,
      databaseName: "stedi_prod",
    });
    expect(prod.jobs.executionClass).to.equal("STANDARD");
  });

  it("fills documented defaults when only the region is set", function () {
    const c = parseStackConfig("qa", VALID, PROJECTS);
    expect(c).to.deep.include({
      options: { privacy: "standard", tableFormat: "parquet" },
      databaseName: "stedi_qa",
      crawlers: false,
    });
    expect(c.jobs).to.deep.equal({
      glueVersion: "5.1",
      workerType: "G.1X",
      numberOfWorkers: 2,
      executionClass: "STANDARD",
      timeoutMinutes: 60,
      maxRetries: 0,
      bookmarks: false,
    });
    expect(c.storage).to.deep.equal({ tempRetentionDays: 7, noncurrentVersionRetentionDays: 30, forceDestroy: false });
    expect(c.kmsKeyArn).to.equal(undefined);
  });

  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "an unknown worker type",
      { "lakehouse:workerType": "G.3X" },
      /^lakehouse:workerType is "G\.3X"; allowed values: G\.1X, G\.2X, G\.4X, G\.8X, G\.12X, G\.16X, R\.1X, R\.2X, R\.4X, R\.8X, G\.1X\.GRAVITON, .*R\.8X\.GRAVITON\.$/,
    ],
    [
      "a Glue version the engine does not support",
      { "lakehouse:glueVersion": "4.0" },
      /^lakehouse:glueVersion is "4\.0"; allowed values: 5\.0, 5\.1, 6\.0\.$/,
    ],
    [
      "a Glue version YAML read as a number (an unquoted 6.0), saying to quote it",
      { "lakehouse:glueVersion": "6" },
      /^lakehouse:glueVersion is "6"; allowed values: 5\.0, 5\.1, 6\.0\. An unquoted 6\.0 in the stack file reads as the number 6: quote it, lakehouse:glueVersion: "6\.0"\.$/,
    ],
    [
      "a worker type the stack's Glue version does not offer (Graviton arrives with 6.1)",
      { "lakehouse:glueVersion": "6.0", "lakehouse:workerType": "G.2X.GRAVITON" },
      /^lakehouse:workerType is "G\.2X\.GRAVITON", which Glue 6\.0 \(lakehouse:glueVersion\) does not offer: it needs Glue 6\.1 or later\. Allowed on 6\.0: G\.1X, G\.2X, G\.4X, G\.8X, G\.12X, G\.16X, R\.1X, R\.2X, R\.4X, R\.8X\.$/,
    ],
    [
      "a negative worker count",
      { "lakehouse:numberOfWorkers": "-2" },
      /^lakehouse:numberOfWorkers is "-2"; allowed values: an integer from 2 to 299\.$/,
    ],
    [
      "a zero worker count",
      { "lakehouse:numberOfWorkers": "0" },
      /^lakehouse:numberOfWorkers is "0"; allowed values: an integer from 2 to 299\.$/,
    ],
    ["a fractional worker count", { "lakehouse:numberOfWorkers": "2.5" }, /^lakehouse:numberOfWorkers is "2\.5"/],
    [
      "a zero timeout",
      { "lakehouse:timeoutMinutes": "0" },
      /^lakehouse:timeoutMinutes is "0"; allowed values: an integer from 1 to 2880\.$/,
    ],
    [
      "negative retries",
      { "lakehouse:maxRetries": "-1" },
      /^lakehouse:maxRetries is "-1"; allowed values: an integer from 0 to 10\.$/,
    ],
    [
      "a Unix (five-field) cron",
      { "lakehouse:schedule": "0 6 * * *" },
      /^lakehouse:schedule is "0 6 \* \* \*"; allowed values: an AWS cron expression; expected the form cron\(/,
    ],
    [
      "a cron with both day fields set",
      { "lakehouse:schedule": "cron(0 6 * * * *)" },
      /^lakehouse:schedule .*exactly one of day-of-month and day-of-week must be "\?"/,
    ],
    [
      "a cron hour out of range",
      { "lakehouse:schedule": "cron(0 25 * * ? *)" },
      /^lakehouse:schedule .*hours field "25": 25 is outside 0-23/,
    ],
    [
      "an unknown execution class",
      { "lakehouse:executionClass": "SPOT" },
      /^lakehouse:executionClass is "SPOT"; allowed values: STANDARD, FLEX\.$/,
    ],
    [
      "FLEX on a worker type FLEX does not support",
      { "lakehouse:executionClass": "FLEX", "lakehouse:workerType": "G.4X" },
      /^lakehouse:executionClass is "FLEX" but lakehouse:workerType is "G\.4X"; FLEX allows lakehouse:workerType G\.1X or G\.2X\.$/,
    ],
    [
      "an unknown privacy profile",
      { "stedi:privacy": "paranoid" },
      /^stedi:privacy is "paranoid"; allowed values: standard, strict\.$/,
    ],
    [
      "a boolean that is not true or false",
      { "lakehouse:crawlers": "yes" },
      /^lakehouse:crawlers is "yes"; allowed values: true, false\.$/,
    ],
    [
      "a KMS alias instead of a key ARN",
      { "lakehouse:kmsKeyArn": "alias/mine" },
      /^lakehouse:kmsKeyArn is "alias\/mine"; allowed values: a KMS key ARN/,
    ],
    [
      "a role ARN as the permissions boundary",
      { "lakehouse:permissionsBoundaryArn": "arn:aws:iam::123456789012:role/x" },
      /^lakehouse:permissionsBoundaryArn is "arn:aws:iam::123456789012:role\/x"; allowed values: an IAM policy ARN/,
    ],
    [
      "a database name that is not an identifier",
      { "lakehouse:databaseName": "Stedi-Dev" },
      /^lakehouse:databaseName is "Stedi-Dev"; it must be a lower-case identifier/,
    ],
    [
      "a misspelt key",
      { "lakehouse:workerTyp": "G.1X" },
      /^lakehouse:workerTyp is not a known setting; did you mean lakehouse:workerType\? Allowed keys: lakehouse:project, /,
    ],
    [
      "a region that is not a region code",
      { "aws:region": "Virginia" },
      /^aws:region is "Virginia"; allowed values: an AWS region code/,
    ],
  ];
  for (const [what, values, message] of cases) {
    it(`rejects ${what}, naming the key and the allowed values`, function () {
      const problems = problemsOf(values);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(message);
    });
  }

  describe("projects and their namespaces", function () {
    it("refuses a stack that names no project, listing the registered ones", function () {
      expect(problemsOf({ "lakehouse:project": "" })).to.deep.equal([
        "lakehouse:project is missing; set it to the project this stack deploys, one of: shop, stedi (e.g. `pulumi config set lakehouse:project shop`).",
      ]);
    });

    it("refuses an unknown project with the nearest registered name", function () {
      expect(problemsOf({ "lakehouse:project": "stedy" })).to.deep.equal([
        'lakehouse:project is "stedy", which is not a registered project; did you mean stedi? Registered in jobs/registered.ts: shop, stedi.',
      ]);
    });

    it("reads a project's options with its own specs, in its own namespace", function () {
      expect(problemsOf({ "stedi:privacy": "paranoid" })).to.deep.equal([
        'stedi:privacy is "paranoid"; allowed values: standard, strict.',
      ]);
      const shop = parseStackConfig("shop-dev", { ...VALID, "lakehouse:project": "shop" }, PROJECTS);
      expect(shop).to.deep.include({ project: "shop", options: {}, databaseName: "shop_dev" });
    });

    it("points a key of the old stedi: namespace to its lakehouse: name", function () {
      expect(problemsOf({ "stedi:workerType": "G.1X" })[0]).to.match(
        /^stedi:workerType is not a known setting; did you mean lakehouse:workerType\? Allowed keys: stedi:privacy, stedi:tableFormat\.$/,
      );
    });

    it("refuses another project's option instead of ignoring it", function () {
      expect(problemsOf({ "lakehouse:project": "shop", "stedi:privacy": "strict" })).to.deep.equal([
        "stedi:privacy is an option of project stedi, but this stack deploys shop (lakehouse:project); remove it, or set lakehouse:project to stedi.",
      ]);
      expect(problemsOf({ "lakehouse:project": "shop", "shop:privacy": "strict" })).to.deep.equal([
        "shop:privacy is not a known setting. Allowed keys: none.",
      ]);
    });
  });

  it("rejects a missing region and says how to set it", function () {
    expect(() =>
      parseStackConfig("dev", { "lakehouse:project": "stedi", "stedi:privacy": "standard" }, PROJECTS),
    ).to.throw(StackConfigError, /aws:region is missing; set it with `pulumi config set aws:region <region>`/);
  });

  it("collects every problem before failing", function () {
    const bad = {
      "lakehouse:project": "stedi",
      "lakehouse:workerType": "huge",
      "lakehouse:numberOfWorkers": "-1",
      "lakehouse:schedule": "daily",
    };
    expect(() => parseStackConfig("dev", bad, PROJECTS)).to.throw(
      StackConfigError,
      /^Stack "dev" has 4 configuration problems:\n {2}- aws:region is missing/,
    );
    const problems = problemsOf({ ...bad, "aws:region": "" });
    expect(problems.map((p) => p.split(" ")[0])).to.deep.equal([
      "aws:region",
      "lakehouse:workerType",
      "lakehouse:numberOfWorkers",
      "lakehouse:schedule",
    ]);
  });

  it("stops the Pulumi program itself with the message, not a stack trace", async function () {
    let error: unknown;
    try {
      await runProgram("dev", { "lakehouse:workerType": "G.3X", "aws:region": undefined });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(pulumi.RunError);
    expect((error as Error).message)
      .to.match(/aws:region is missing/)
      .and.match(/lakehouse:workerType is "G\.3X"; allowed values: G\.1X, G\.2X, G\.4X, G\.8X, G\.12X/);
  });

  it("has docs/reference/configuration.md's tables generated from the engine's specs and each project's", function () {
    const doc = readFileSync(join(__dirname, "..", "docs", "reference", "configuration.md"), "utf8");
    const tables = [
      { what: "the engine's settings", table: configReferenceTable() },
      ...PROJECTS.map((p) => ({ what: `project ${p.name}'s options`, table: projectOptionsTable(p) })),
    ];
    for (const { what, table } of tables)
      expect(
        doc.includes(`\n${table}\n`),
        `docs/reference/configuration.md's table of ${what} differs from the specs; replace it with:\n${table}`,
      ).to.equal(true);
  });

  it("applies every key's documented default and refuses a value just outside every integer key's limits", function () {
    const defaults = parseStackConfig("qa", VALID, PROJECTS);
    const flat: Record<string, unknown> = {
      ...defaults,
      ...defaults.jobs,
      ...defaults.storage,
      jobBookmarks: defaults.jobs.bookmarks,
    };
    for (const [name, spec] of Object.entries(CONFIG)) {
      if (spec.default !== undefined) expect(flat[name], spec.key).to.equal(spec.default);
      if (!spec.limits) continue;
      for (const bad of [spec.limits.min - 1, spec.limits.max + 1])
        expect(problemsOf({ [spec.key]: String(bad) }), `${spec.key}=${bad}`).to.have.length(1);
      expect(problemsOf({ [spec.key]: String(spec.limits.max) }), `${spec.key} at its maximum`).to.deep.equal([]);
    }
  });
});

describe("config: AWS cron expressions", function () {
  const valid = [
    "cron(0 6 * * ? *)",
    "cron(15 10 ? * MON-FRI *)",
    "cron(0/15 * * * ? *)",
    "cron(0 18 L * ? *)",
    "cron(0 8 ? * 6L 2030)",
    "cron(0 8 ? * 2#1 *)",
    "cron(0 12 15W JAN,JUL ? *)",
  ];
  const invalid: [string, RegExp][] = [
    ["rate(1 day)", /expected the form cron\(/],
    ["cron(0 6 * * ?)", /expected 6 fields/],
    ["cron(60 6 * * ? *)", /minutes field "60": 60 is outside 0-59/],
    ["cron(0 6 ? * ? *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 6 * FOO ? *)", /month field "FOO": "FOO" is not a number or one of JAN..DEC/],
    ["cron(0 6 ? * 8 *)", /day-of-week field "8": 8 is outside 1-7/],
    ["cron(0 ? * * * *)", /hours field "\?": "\?" is only allowed in day-of-month and day-of-week/],
    ["cron(0 6 ? * 2#6 *)", /the week after "#" must be 1-5/],
  ];
  for (const expression of valid)
    it(`accepts ${expression}`, () => expect(awsCronProblem(expression)).to.equal(undefined));
  for (const [expression, problem] of invalid)
    it(`rejects ${expression}`, () => expect(awsCronProblem(expression)).to.match(problem));
});
