/**
 * `lakehouse:glueVersion` through the real Pulumi program (mocked): each version's job inputs, a worker type the
 * version lacks, what a stack that changes version shows in its preview, and how the rendered scripts differ by
 * version (only 6.0's pin of ANSI mode, and pipeline.json's `glueVersion`).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { icebergSparkConf } from "../src/table-formats/iceberg";
import { buildStack } from "../src/build";
import { SCRIPT_IMPORT_LINES } from "../src/nodes/kind";
import { GLUE_VERSIONS, type GlueVersion } from "../src/config/stack-config";
import { type CapturedResource, type ProgramRun, runProgram } from "./infra-harness";

const JOB = "aws:glue/job:Job";
const S3A_REGION = "spark.hadoop.fs.s3a.endpoint.region=us-east-1";
/** What the 6.0 dialect adds to every script, after `spark = glueContext.spark_session`. */
const ANSI_BLOCK = [
  "# Glue 6.0's Spark 4.1 has ANSI SQL mode on. With it off, as on Glue 5.x, a value that does not convert, an integer",
  "# overflow or a division by zero gives NULL (or wraps) instead of failing the job: the promises of every node.",
  'spark.conf.set("spark.sql.ansi.enabled", "false")',
  "",
].join("\n");

const runs = new Map<string, ProgramRun>();
async function runAt(version: GlueVersion, overrides: Record<string, string> = {}): Promise<ProgramRun> {
  const key = JSON.stringify([version, overrides]);
  if (!runs.has(key)) runs.set(key, await runProgram("dev", { "lakehouse:glueVersion": version, ...overrides }));
  return runs.get(key)!;
}

const byName = (resources: readonly CapturedResource[]) => new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));

describe("infra: lakehouse:glueVersion", function () {
  this.timeout(120_000);

  for (const version of GLUE_VERSIONS) {
    it(`${version}: every job runs Glue ${version} with that version's arguments`, async function () {
      const run = await runAt(version);
      const jobs = run.ofType(JOB);
      expect(jobs).to.have.length.greaterThan(0);
      for (const job of jobs) {
        expect(job.inputs.glueVersion, job.name).to.equal(version);
        const args = job.inputs.defaultArguments as Record<string, string>;
        // EMRFS (5.0) finds the region itself; S3A (5.1, 6.0) must be told it or it uses us-east-2.
        if (version === "5.0") expect(args, job.name).to.not.have.property("--conf");
        else expect(args["--conf"], job.name).to.equal(S3A_REGION);
        // The same logging, metrics and bookmark switches on every version (the migration pages name no change).
        expect(args).to.include({
          "--job-language": "python",
          "--enable-metrics": "true",
          "--enable-spark-ui": "true",
        });
        expect(args, job.name).to.not.have.any.keys(
          "--enable-continuous-cloudwatch-log",
          "--enable-glue-datacatalog",
          "--continuous-log-logGroup",
        );
      }
    });
  }

  it("6.0 with Iceberg: Iceberg's --conf first, then S3A's region, in Glue's one --conf value", async function () {
    const run = await runAt("6.0", { "stedi:tableFormat": "iceberg" });
    const dataBucket = run.ofType("aws:s3/bucket:Bucket").find((b) => b.name.endsWith("-data"))!.state.bucket as string;
    const args = run.ofType(JOB)[0]!.inputs.defaultArguments as Record<string, string>;
    expect(args["--datalake-formats"]).to.equal("iceberg");
    expect(args["--conf"]).to.equal(
      `${icebergSparkConf(`s3://${dataBucket}/iceberg-warehouse/`)} --conf ${S3A_REGION}`,
    );
  });

  it("refuses a worker type the stack's version does not offer, naming key, value, version and the allowed types", async function () {
    let error: unknown;
    try {
      await runProgram("dev", {
        "lakehouse:glueVersion": "6.0",
        "lakehouse:workerType": "R.1X.GRAVITON",
        "lakehouse:executionClass": "STANDARD",
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(pulumi.RunError);
    expect((error as Error).message).to.contain(
      'lakehouse:workerType is "R.1X.GRAVITON", which Glue 6.0 (lakehouse:glueVersion) does not offer: it needs Glue 6.1 or later. Allowed on 6.0: G.1X, G.2X, G.4X, G.8X, G.12X, G.16X, R.1X, R.2X, R.4X, R.8X.',
    );
  });

  it("accepts the memory-optimized and large types on every supported version", async function () {
    const run = await runAt("5.0", { "lakehouse:workerType": "R.2X", "lakehouse:executionClass": "STANDARD" });
    for (const job of run.ofType(JOB)) expect(job.inputs.workerType).to.equal("R.2X");
  });

  it("a stack moving from 5.0 to 6.0 shows, in its preview, what changes and nothing else", async function () {
    const before = byName((await runAt("5.0")).resources);
    const after = byName((await runAt("6.0")).resources);
    expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
    const changed = new Map<string, number>();
    for (const [key, now] of after) {
      const was = before.get(key)!;
      if (JSON.stringify(now.inputs) === JSON.stringify(was.inputs)) continue;
      changed.set(now.type, (changed.get(now.type) ?? 0) + 1);
      if (now.type === JOB) {
        // Each job: its version, S3A's --conf, and the script it points to (the 6.0 dialect's own).
        const { glueVersion: v0, defaultArguments: a0, command: c0, ...rest0 } = was.inputs;
        const { glueVersion: v1, defaultArguments: a1, command: c1, ...rest1 } = now.inputs;
        expect([v0, v1]).to.deep.equal(["5.0", "6.0"]);
        expect(rest1).to.deep.equal(rest0);
        const { "--conf": conf, ...args1 } = a1 as Record<string, string>;
        expect(args1).to.deep.equal(a0);
        expect(conf).to.equal(S3A_REGION);
        expect({ ...c1, scriptLocation: "" }).to.deep.equal({ ...c0, scriptLocation: "" });
      } else if (now.type === "aws:s3/bucketObjectv2:BucketObjectv2") {
        expect(String(now.inputs.content).replace(ANSI_BLOCK, ""), key).to.equal(was.inputs.content);
      } else {
        // A job role's data access: S3A's grants (no `_$folder$` marker, pending uploads listed), the rest as it was.
        expect(now.type, key).to.equal("aws:iam/rolePolicy:RolePolicy");
        const statements = (policy: string) => (JSON.parse(policy) as { Statement: { Sid: string }[] }).Statement;
        const s3 = new Set(["ReadObjects", "WriteObjects", "ListBuckets", "ListPendingUploads"]);
        const other = (policy: string) => statements(policy).filter((x) => !s3.has(x.Sid));
        expect(other(now.inputs.policy)).to.deep.equal(other(was.inputs.policy));
        expect(now.inputs.policy).to.not.contain("_$folder$");
        expect(was.inputs.policy).to.contain("_$folder$");
        expect(statements(now.inputs.policy).map((x) => x.Sid)).to.include("ListPendingUploads");
      }
    }
    const jobs = (await runAt("6.0")).ofType(JOB).length;
    expect(Object.fromEntries(changed)).to.deep.equal({
      [JOB]: jobs,
      "aws:s3/bucketObjectv2:BucketObjectv2": jobs,
      "aws:iam/rolePolicy:RolePolicy": jobs,
    });
  });

  it("renders 5.0's and 5.1's scripts alike, and 6.0's with only the ANSI pin added", function () {
    const at = (glueVersion: GlueVersion) =>
      buildStack({
        stack: "dev",
        project: "stedi",
        options: { privacy: "standard" },
        databaseName: "stedi_dev",
        jobs: { glueVersion },
      });
    const base = at("5.0");
    for (const version of GLUE_VERSIONS) {
      const p = at(version);
      expect(JSON.parse(p.files.find((f) => f.path.endsWith("pipeline.json"))!.content).glueVersion).to.equal(version);
      for (const f of p.files.filter((x) => !x.path.endsWith("pipeline.json"))) {
        const pinned = f.content.includes(ANSI_BLOCK);
        expect(pinned, `${version}: ${f.path}`).to.equal(version === "6.0" && f.path.endsWith(".py"));
        const was = base.files.find((b) => b.path === f.path)!.content;
        expect(f.content.replace(ANSI_BLOCK, ""), `${version}: ${f.path}`).to.equal(was);
      }
    }
  });

  it("gives Glue 6.0's awsglue what it needs: full argument names, and imports that did not move in PySpark 4", async function () {
    // 6.0's getResolvedOptions sets allow_abbrev=False (aws-glue-libs main, awsglue/utils.py): each name a script
    // resolves must be passed whole. Glue passes --JOB_NAME itself; the job passes the others.
    const run = await runAt("6.0");
    const pipeline = buildStack(run.config);
    for (const job of pipeline.jobs) {
      const resolved = /getResolvedOptions\(sys\.argv, \[(.*)\]\)/.exec(job.script)![1]!.split(", ");
      const passed = Object.keys(run.one(JOB, job.name).inputs.defaultArguments as object);
      for (const name of resolved.map((n) => n.slice(1, -1)).filter((n) => n !== "JOB_NAME"))
        expect(passed, `${job.name} --${name}`).to.include(`--${name}`);
    }
    // aws-glue-libs' 6.0 change moved its own imports of pyspark.rdd and pyspark.context to pyspark.core; PySpark 4
    // keeps `pyspark.context` as an alias (python/pyspark/__init__.py), and pyspark.sql's modules did not move.
    const allowed = new Set([
      "import sys",
      "import json",
      "from decimal import ROUND_HALF_UP, Decimal",
      "from pyspark.context import SparkContext",
      "from pyspark.sql import functions as F",
      "from pyspark.sql import types as T",
      "from pyspark.sql.window import Window",
    ]);
    // Every import a node kind may add, used by a STEDI job or not.
    for (const line of Object.values(SCRIPT_IMPORT_LINES).flat()) expect(allowed, line).to.include(line);
    for (const job of pipeline.jobs)
      for (const line of job.script.split("\n").filter((l) => /^(from|import) /.test(l)))
        if (!/^from (awsglue|awsgluedq)[. ]/.test(line)) expect(allowed, `${job.name}: ${line}`).to.include(line);
  });

  it("fixes the runner's contract: pipeline.json must carry one of the supported versions", function () {
    const schema = JSON.parse(
      readFileSync(join(__dirname, "..", "runtime", "lakehouse", "pipeline.schema.json"), "utf8"),
    );
    expect(schema.definitions.PipelineManifest.required).to.include("glueVersion");
    expect(schema.definitions.GlueVersion.enum).to.deep.equal([...GLUE_VERSIONS]);
    for (const stack of ["dev", "prod", "shop-dev", "shop-prod"])
      expect(JSON.parse(readFileSync(join(__dirname, "..", "generated", stack, "pipeline.json"), "utf8")))
        .to.have.property("glueVersion")
        .that.equals("5.0");
  });
});
