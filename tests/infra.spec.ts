/**
 * The Pulumi program, run for both stacks against mocks: every resource kind with its key properties,
 * scripts byte-equal to generated/<stack>/, triggers equal to the lineage DAG, IAM equal to the
 * derived prefixes, catalog columns equal to the inferred schemas, and the stack outputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { planTriggers } from "../infra/orchestration";
import { jobArguments, scriptKey } from "../infra/jobs";
import { policyChars, ROLE_INLINE_POLICY_LIMIT, rolePolicySize, WORST_CASE_VALUES } from "../infra/role-policies";
import { deriveS3Access } from "../infra/s3-access";
import { stediPipeline } from "../jobs";
import { buildStack } from "../src/build";
import { assertValid } from "../src/dsl";
import type { RenderedJob, RenderedPipeline } from "../src/render/types";
import { ACCOUNT_ID, type CapturedResource, type ProgramRun, runProgram } from "./infra-harness";

const ROOT = join(__dirname, "..");

const T = {
  bucket: "aws:s3/bucket:Bucket",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  database: "aws:glue/catalogDatabase:CatalogDatabase",
  table: "aws:glue/catalogTable:CatalogTable",
  crawler: "aws:glue/crawler:Crawler",
  job: "aws:glue/job:Job",
  workflow: "aws:glue/workflow:Workflow",
  trigger: "aws:glue/trigger:Trigger",
  securityConfiguration: "aws:glue/securityConfiguration:SecurityConfiguration",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  dataQualityRuleset: "aws:glue/dataQualityRuleset:DataQualityRuleset",
} as const;

/** Companions of one bucket: matched by the bucket name they configure. */
const companionOf = (run: ProgramRun, type: string, bucket: CapturedResource) => run.ofType(type).filter((r) => r.inputs.bucket === bucket.state.bucket);
const bucketNamed = (run: ProgramRun, role: "data" | "assets") => run.ofType(T.bucket).find((b) => b.name.endsWith(`-${role}`))!;
const sorted = <X>(xs: Iterable<X>) => [...xs].map(String).sort();

for (const stack of ["dev", "prod"] as const) {
  describe(`infra: the Pulumi program for stack ${stack}`, function () {
    let run: ProgramRun;
    let pipeline: RenderedPipeline;
    let dataBucket: string;
    let assetsBucket: string;

    before(async function () {
      run = await runProgram(stack);
      pipeline = buildStack(run.config);
      dataBucket = bucketNamed(run, "data").state.bucket;
      assetsBucket = bucketNamed(run, "assets").state.bucket;
    });

    it("creates each resource kind in the numbers the pipeline implies", function () {
      const expected: Record<string, number> = {
        [T.bucket]: 2,
        [T.encryption]: 2,
        [T.publicAccess]: 2,
        [T.ownership]: 2,
        [T.bucketPolicy]: 2,
        [T.versioning]: 1,
        [T.lifecycle]: 2,
        [T.object]: pipeline.jobs.length,
        [T.database]: 1,
        [T.table]: pipeline.tables.length,
        [T.crawler]: run.config.crawlers ? 1 : 0,
        [T.job]: pipeline.jobs.length,
        [T.workflow]: 1,
        [T.trigger]: 1 + pipeline.jobs.filter((j) => j.upstreamJobs.length).length,
        [T.securityConfiguration]: 1,
        [T.role]: 1,
        [T.attachment]: 1,
        [T.rolePolicy]: 3,
        [T.key]: 1,
        [T.alias]: 1,
        [T.dataQualityRuleset]: pipeline.tables.filter((t) => t.quality).length,
      };
      const actual = Object.fromEntries(Object.keys(expected).map((type) => [type, run.ofType(type).length]));
      expect(actual).to.deep.equal(expected);
      const unexpected = run.resources.filter((r) => !(r.type in expected) && !r.type.startsWith("stedi:infra:"));
      expect(unexpected.map((r) => r.type)).to.deep.equal([]);
      expect(run.config.crawlers, "dev has crawlers, prod does not").to.equal(stack === "dev");
    });

    describe("data quality", function () {
      it("creates one Glue Data Quality ruleset per table with rules, targeting that table, with the DQDL the jobs evaluate", function () {
        const withRules = pipeline.tables.filter((t) => t.quality);
        expect(withRules.map((t) => t.name)).to.include.members(["customer_trusted", "accelerometer_trusted", "machine_learning_curated"]);
        for (const table of withRules) {
          const ruleset = run.ofType(T.dataQualityRuleset).find((r) => r.inputs.targetTable?.tableName === table.name);
          expect(ruleset, table.name).to.not.equal(undefined);
          expect(ruleset!.inputs.targetTable.databaseName).to.equal(pipeline.database);
          expect(ruleset!.inputs.ruleset).to.equal(table.quality!.ruleset);
          const producer = pipeline.jobs.find((j) => j.name === table.producer)!;
          expect(producer.script, `${producer.name} evaluates the same rules`).to.contain(table.quality!.ruleset);
        }
      });

      it("lets the jobs publish their outcomes: glue:PublishDataQuality on the account's rulesets, nothing more", function () {
        const policies = run.ofType(T.rolePolicy).map((r) => JSON.parse(r.state.policy ?? r.inputs.policy));
        const publishing = policies.flatMap((doc) => doc.Statement).filter((st: { Action: string[] }) => st.Action.some((a) => a.startsWith("glue:")));
        expect(publishing).to.deep.equal([
          { Sid: "PublishDataQualityResults", Effect: "Allow", Action: ["glue:PublishDataQuality"], Resource: ["arn:aws:glue:us-east-1:123456789012:dataQualityRuleset/*"] },
        ]);
      });
    });

    describe("storage", function () {
      it("gives every bucket SSE-S3, ownership enforced, all four public access flags and a TLS-only policy", function () {
        for (const bucket of run.ofType(T.bucket)) {
          const [encryption] = companionOf(run, T.encryption, bucket);
          expect(encryption?.inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
          expect(companionOf(run, T.ownership, bucket)[0]?.inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
          expect(companionOf(run, T.publicAccess, bucket)[0]?.inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
          const policy = JSON.parse(companionOf(run, T.bucketPolicy, bucket)[0]!.inputs.policy);
          expect(policy.Statement).to.deep.equal([
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.state.arn, `${bucket.state.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ]);
          expect(bucket.inputs.forceDestroy).to.equal(run.config.storage.forceDestroy);
        }
      });

      it("versions the data bucket only, and expires old versions, temp files and Spark UI logs", function () {
        const data = bucketNamed(run, "data");
        const assets = bucketNamed(run, "assets");
        expect(run.one(T.versioning).inputs).to.deep.include({ bucket: dataBucket, versioningConfiguration: { status: "Enabled" } });
        const dataRules = companionOf(run, T.lifecycle, data)[0]!.inputs.rules;
        expect(dataRules.find((r: any) => r.id === "expire-old-versions").noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: run.config.storage.noncurrentVersionRetentionDays });
        const assetRules = companionOf(run, T.lifecycle, assets)[0]!.inputs.rules;
        expect(assetRules.find((r: any) => r.id === "expire-temp-files")).to.deep.include({ filter: { prefix: "temp/" }, expiration: { days: run.config.storage.tempRetentionDays } });
        expect(assetRules.find((r: any) => r.id === "expire-spark-ui-logs").filter).to.deep.equal({ prefix: "sparkui/" });
      });

      it("outputs the upload URI of every landing table, under its zone prefix in the data bucket", function () {
        const landing = pipeline.tables.filter((t) => t.zone === "landing");
        expect(landing.map((t) => t.prefix)).to.deep.equal(["customer/landing/", "accelerometer/landing/", "step_trainer/landing/"]);
        expect(run.outputs.landingUploadUris).to.deep.equal(Object.fromEntries(landing.map((t) => [t.name, `s3://${dataBucket}/${t.prefix}`])));
        expect(run.outputs).to.include({ dataBucket, assetsBucket, database: `stedi_${stack}`, workflow: `stedi-${stack}`, privacy: run.config.privacy });
      });
    });

    describe("scripts and jobs", function () {
      it("uploads each job's script byte for byte as committed in generated/<stack>/, under a content-hashed key", function () {
        const objects = run.ofType(T.object);
        expect(objects.map((o) => o.name)).to.deep.equal(pipeline.jobs.map((j) => `${j.name}-script`));
        for (const job of pipeline.jobs) {
          const object = objects.find((o) => o.name === `${job.name}-script`)!;
          const committed = readFileSync(join(ROOT, "generated", stack, job.scriptFile), "utf8");
          expect(object.inputs.content === committed, `${job.scriptFile} differs from generated/${stack}/`).to.equal(true);
          expect(object.inputs.bucket).to.equal(assetsBucket);
          expect(object.inputs.key).to.match(new RegExp(`^scripts/${job.name}-[0-9a-f]{16}\\.py$`));
        }
      });

      it("changes a script's key when, and only when, its content changes", function () {
        const job = { name: "j", script: "print(1)\n" };
        expect(scriptKey(job)).to.equal(scriptKey({ ...job }));
        expect(scriptKey(job)).not.to.equal(scriptKey({ ...job, script: "print(2)\n" }));
      });

      it("creates one Glue 5.0 Spark job per pipeline job with the stack's workers, timeout, retries and security configuration", function () {
        const securityConfiguration = run.one(T.securityConfiguration).state.name;
        const roleArn = run.one(T.role).state.arn;
        const { jobs: settings } = run.config;
        expect(run.outputs.jobs).to.deep.equal(pipeline.jobs.map((j) => `stedi-${stack}-${j.name}`));
        for (const job of pipeline.jobs) {
          const glueJob = run.one(T.job, job.name).inputs;
          const script = run.one(T.object, `${job.name}-script`).inputs;
          expect(glueJob).to.deep.include({
            name: `stedi-${stack}-${job.name}`,
            roleArn,
            glueVersion: "5.0",
            command: { name: "glueetl", pythonVersion: "3", scriptLocation: `s3://${assetsBucket}/${script.key}` },
            workerType: settings.workerType,
            numberOfWorkers: settings.numberOfWorkers,
            executionClass: settings.executionClass,
            timeout: settings.timeoutMinutes,
            maxRetries: settings.maxRetries,
            securityConfiguration,
            executionProperty: { maxConcurrentRuns: 1 },
          });
        }
        expect(settings).to.deep.include(stack === "dev" ? { executionClass: "FLEX", numberOfWorkers: 2, workerType: "G.1X" } : { executionClass: "STANDARD" });
      });

      it("passes Glue's switches and exactly the arguments each script reads", function () {
        for (const job of pipeline.jobs) {
          const args = run.one(T.job, job.name).inputs.defaultArguments;
          expect(args).to.deep.equal({
            "--job-language": "python",
            // No STEDI job is bookmark-safe (they overwrite), so bookmarks stay off even where the stack enables them.
            "--job-bookmark-option": "job-bookmark-disable",
            "--TempDir": `s3://${assetsBucket}/temp/`,
            "--enable-metrics": "true",
            "--enable-spark-ui": "true",
            "--spark-event-logs-path": `s3://${assetsBucket}/sparkui/${job.name}/`,
            "--enable-continuous-cloudwatch-log": "true",
            "--enable-glue-datacatalog": "true",
            "--DATABASE": `stedi_${stack}`,
            "--LAKE_ROOT": `s3://${dataBucket}`,
          });
          expect(job.arguments).to.deep.equal(["DATABASE", "LAKE_ROOT"]);
          expect(job.bookmarkSafe).to.equal(false);
        }
      });
    });

    describe("orchestration", function () {
      it("has exactly one start trigger, starting the jobs nothing feeds", function () {
        const start = run.ofType(T.trigger).filter((t) => t.inputs.type !== "CONDITIONAL");
        expect(start).to.have.length(1);
        const trigger = start[0]!.inputs;
        if (stack === "prod") expect(trigger).to.include({ type: "SCHEDULED", schedule: "cron(0 6 * * ? *)", startOnCreation: true });
        else expect(trigger.type).to.equal("ON_DEMAND");
        expect(trigger.workflowName).to.equal(run.one(T.workflow).inputs.name);
        const producers = new Map(pipeline.tables.filter((t) => t.producer).map((t) => [t.name, t.producer!]));
        const sources = pipeline.jobs.filter((j) => j.reads.every((t) => !producers.has(t) || producers.get(t) === j.name));
        expect(trigger.actions).to.deep.equal(sources.map((j) => ({ jobName: `stedi-${stack}-${j.name}` })));
      });

      it("forms exactly the lineage DAG: each other job waits for ALL producers of its inputs to succeed", function () {
        // The DAG is recomputed here from reads and table producers, independently of RenderedJob.upstreamJobs.
        const producers = new Map(pipeline.tables.filter((t) => t.producer).map((t) => [t.name, t.producer!]));
        const expectedEdges = pipeline.jobs.flatMap((j) => [...new Set(j.reads.map((t) => producers.get(t)).filter((p) => p && p !== j.name))].map((p) => `${p} -> ${j.name}`));
        const conditional = run.ofType(T.trigger).filter((t) => t.inputs.type === "CONDITIONAL");
        const actualEdges = conditional.flatMap((t) => {
          expect(t.inputs.predicate.logical).to.equal("AND");
          expect(t.inputs.startOnCreation).to.equal(true);
          expect(t.inputs.actions).to.have.length(1);
          const target = t.inputs.actions[0].jobName.replace(`stedi-${stack}-`, "");
          return t.inputs.predicate.conditions.map((c: any) => {
            expect(c.state).to.equal("SUCCEEDED");
            return `${c.jobName.replace(`stedi-${stack}-`, "")} -> ${target}`;
          });
        });
        expect(sorted(actualEdges)).to.deep.equal(sorted(expectedEdges));
        expect(conditional).to.have.length(new Set(expectedEdges.map((e) => e.split(" -> ")[1])).size);
        expect(expectedEdges).to.include("customer_trusted_to_curated -> step_trainer_landing_to_trusted");
      });

      it("runs one workflow at a time", function () {
        expect(run.one(T.workflow).inputs).to.include({ name: `stedi-${stack}`, maxConcurrentRuns: 1 });
      });
    });

    describe("IAM", function () {
      let dataAccess: any;
      let encryptionAndLogs: any;
      before(function () {
        const policy = (suffix: string) => JSON.parse(run.ofType(T.rolePolicy).find((p) => p.name.endsWith(suffix))!.inputs.policy);
        dataAccess = policy("-data-access");
        encryptionAndLogs = policy("-encryption-and-logs");
      });
      const statement = (sid: string) => [...dataAccess.Statement, ...encryptionAndLogs.Statement].find((s: any) => s.Sid === sid);

      it("is a Glue service role with the managed AWSGlueServiceRole policy", function () {
        const trust = JSON.parse(run.one(T.role).inputs.assumeRolePolicy);
        expect(trust.Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        expect(run.one(T.attachment).inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole");
      });

      it("grants exactly the prefixes derived from lineage: read on landing and inputs, write only where the pipeline writes", function () {
        // Expected grants, written out from the rendered jobs and tables (not from deriveS3Access).
        const arn = (bucket: string, prefix: string) => `arn:aws:s3:::${bucket}/${prefix.replace(/\/$/, "")}*`;
        const data = (ls: RenderedJob["readLocations"]) => ls.map((l) => (l.bucket === "data" ? l.prefix : l.uri));
        const landing = pipeline.tables.filter((t) => t.zone === "landing").map((t) => t.prefix);
        const written = [...new Set(pipeline.jobs.flatMap((j) => data(j.writeLocations)))];
        const read = [...new Set([...landing, ...pipeline.jobs.flatMap((j) => data(j.readLocations))])];
        const writeArns = [...written.map((p) => arn(dataBucket, p)), arn(assetsBucket, "temp/"), arn(assetsBucket, "sparkui/")];
        const readArns = [...read.map((p) => arn(dataBucket, p)), arn(assetsBucket, "scripts/"), ...writeArns];

        expect(sorted(statement("WritePipelineOutputs").Resource)).to.deep.equal(sorted(writeArns));
        expect(statement("WritePipelineOutputs").Action).to.deep.equal(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
        expect(sorted(statement("ReadLineageInputsAndOutputs").Resource)).to.deep.equal(sorted(new Set(readArns)));
        expect(statement("ReadLineageInputsAndOutputs").Action).to.deep.equal(["s3:GetObject"]);
        expect(sorted(statement("ListDataBucket").Condition.StringLike["s3:prefix"])).to.deep.equal(sorted(new Set([...read, ...written].map((p) => `${p.replace(/\/$/, "")}*`))));
        expect(statement("ListDataBucket").Resource).to.deep.equal([`arn:aws:s3:::${dataBucket}`]);
        expect(sorted(statement("ListAssetsBucket").Condition.StringLike["s3:prefix"])).to.deep.equal(["scripts*", "sparkui*", "temp*"]);

        // The written prefixes are the trusted/curated tables and the rejected-record prefixes, never landing.
        expect(written.every((p) => /\/(trusted|curated)\/$|\/rejected\//.test(p)), written.join()).to.equal(true);
        for (const l of landing) expect(statement("WritePipelineOutputs").Resource.some((r: string) => r.startsWith(`arn:aws:s3:::${dataBucket}/${l.split("/")[0]}/landing`))).to.equal(false);
      });

      it("has no s3:* action, no wildcard resource for S3, and only the expected statements", function () {
        expect(dataAccess.Statement.map((s: any) => s.Sid)).to.deep.equal(["ReadLineageInputsAndOutputs", "WritePipelineOutputs", "ListAssetsBucket", "ListDataBucket"]);
        expect(encryptionAndLogs.Statement.map((s: any) => s.Sid)).to.deep.equal(["UseStackKey", "ContinuousLogging"]);
        for (const s of [...dataAccess.Statement, ...encryptionAndLogs.Statement]) {
          expect(s.Effect).to.equal("Allow");
          expect(s.Action.filter((a: string) => a.includes("*"))).to.deep.equal([]);
          if (s.Action.some((a: string) => a.startsWith("s3:"))) expect(s.Resource.filter((r: string) => r === "*" || r === "arn:aws:s3:::*")).to.deep.equal([]);
        }
        expect(statement("UseStackKey").Resource).to.deep.equal([run.one(T.key).state.arn]);
        expect(statement("ContinuousLogging").Resource).to.deep.equal(["arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*"]);
      });

      it("has the size the guard computes with the real names, and at most its worst case", function () {
        const json = (suffix: string): string => run.ofType(T.rolePolicy).find((p) => p.name.endsWith(suffix))!.inputs.policy;
        const actual = { "data-access": policyChars(json("-data-access")), "encryption-and-logs": policyChars(json("-encryption-and-logs")) };
        const real = { partition: "aws", region: run.config.region, accountId: ACCOUNT_ID, dataBucket, assetsBucket, kmsKeyArn: run.one(T.key).state.arn };
        expect(rolePolicySize(pipeline, real).byPolicy).to.deep.equal(actual);

        // The worst case differs from the real data-access policy only by each bucket name padded to 63
        // characters and each ARN's partition lengthened to aws-us-gov.
        const worst = rolePolicySize(pipeline);
        const count = (text: string, part: string) => text.split(part).length - 1;
        const dataAccess = json("-data-access");
        const padding =
          count(dataAccess, dataBucket) * (63 - dataBucket.length) +
          count(dataAccess, assetsBucket) * (63 - assetsBucket.length) +
          count(dataAccess, "arn:aws:") * (WORST_CASE_VALUES.partition.length - "aws".length);
        expect(worst.byPolicy["data-access"] - actual["data-access"]).to.equal(padding);
        expect(worst.byPolicy["encryption-and-logs"]).to.be.at.least(actual["encryption-and-logs"]);
        expect(worst.chars).to.be.above(actual["data-access"] + actual["encryption-and-logs"]).and.below(ROLE_INLINE_POLICY_LIMIT);
      });
    });

    describe("catalog", function () {
      it("declares every pipeline table with the columns and types schema inference gives", function () {
        const inferred = assertValid(stediPipeline({ privacy: run.config.privacy })).tables;
        expect(run.one(T.database).inputs.name).to.equal(`stedi_${stack}`);
        const tables = run.ofType(T.table);
        expect(sorted(tables.map((t) => t.inputs.name))).to.deep.equal(sorted(inferred.keys()));
        for (const table of tables) {
          const expected = inferred.get(table.inputs.name)!;
          expect(table.inputs.storageDescriptor.columns.map((c: any) => [c.name, c.type])).to.deep.equal(expected.columns.map((c) => [c.name, c.type]));
          expect(table.inputs.partitionKeys ?? []).to.deep.equal(expected.partitionKeys.map((c) => ({ name: c.name, type: c.type })));
          expect(table.inputs).to.include({ databaseName: `stedi_${stack}`, tableType: "EXTERNAL_TABLE" });
          expect(table.inputs.storageDescriptor.location).to.equal(`s3://${dataBucket}/${expected.prefix}`);
        }
        // The privacy profile reaches the catalog: strict removes PII from the ML table.
        const mlColumns = tables.find((t) => t.inputs.name === "machine_learning_curated")!.inputs.storageDescriptor.columns.map((c: any) => c.name);
        expect(mlColumns.includes("serialnumber")).to.equal(stack === "dev");
      });

      it("reads landing tables with the JSON SerDe over the files' own keys, and sinks as Parquet", function () {
        for (const t of pipeline.tables) {
          const sd = run.one(T.table, t.name).inputs.storageDescriptor;
          if (t.zone === "landing") {
            expect(sd).to.deep.include({ inputFormat: "org.apache.hadoop.mapred.TextInputFormat", outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat" });
            expect(sd.serDeInfo.serializationLibrary).to.equal("org.openx.data.jsonserde.JsonSerDe");
            expect(sd.serDeInfo.parameters.paths).to.equal(t.columns.map((c) => c.jsonKey ?? c.name).join(","));
            expect(run.one(T.table, t.name).inputs.parameters.classification).to.equal("json");
          } else {
            expect(t.format).to.equal("parquet");
            expect(sd.serDeInfo.serializationLibrary).to.equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
            expect(sd.inputFormat).to.equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
            expect(run.one(T.table, t.name).inputs.parameters.classification).to.equal("parquet");
          }
        }
        expect(run.one(T.table, "customer_landing").inputs.storageDescriptor.serDeInfo.parameters.paths).to.contain("shareWithResearchAsOfDate");
      });

      it(stack === "dev" ? "crawls the landing tables without being able to change their schemas" : "has no crawler", function () {
        if (stack === "prod") return expect(run.ofType(T.crawler)).to.have.length(0);
        const crawler = run.one(T.crawler).inputs;
        expect(crawler.catalogTargets).to.deep.equal([{ databaseName: "stedi_dev", tables: ["customer_landing", "accelerometer_landing", "step_trainer_landing"] }]);
        expect(crawler.schemaChangePolicy).to.deep.equal({ updateBehavior: "LOG", deleteBehavior: "LOG" });
        expect(JSON.parse(crawler.configuration)).to.deep.equal({ Version: 1, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } } });
        expect(crawler.s3Targets).to.equal(undefined);
        expect(crawler.securityConfiguration).to.equal(run.one(T.securityConfiguration).state.name);
        expect(run.outputs.crawler).to.equal("stedi-dev-landing");
      });
    });

    describe("encryption", function () {
      it("encrypts S3 output (SSE-S3), logs and bookmarks (with a rotated stack key, as no key is configured)", function () {
        const key = run.one(T.key);
        expect(key.inputs.enableKeyRotation).to.equal(true);
        const keyPolicy = JSON.parse(key.inputs.policy);
        expect(keyPolicy.Statement[1].Principal).to.deep.equal({ Service: "logs.us-east-1.amazonaws.com" });
        expect(run.one(T.securityConfiguration).inputs.encryptionConfiguration).to.deep.equal({
          s3Encryption: { s3EncryptionMode: "SSE-S3" },
          cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: key.state.arn },
          jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: key.state.arn },
        });
        expect(run.outputs.kmsKeyArn).to.equal(key.state.arn);
      });
    });
  });
}

describe("infra: variations the stack files do not cover", function () {
  const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

  it("uses a configured KMS key everywhere instead of creating one", async function () {
    const run = await runProgram("dev", { "stedi:kmsKeyArn": KEY });
    expect(run.ofType(T.key)).to.have.length(0);
    for (const e of run.ofType(T.encryption)) expect(e.inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }]);
    expect(run.one(T.securityConfiguration).inputs.encryptionConfiguration.s3Encryption).to.deep.equal({ s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY });
    const encryptionAndLogs = run.ofType(T.rolePolicy).find((p) => p.name.endsWith("-encryption-and-logs"))!;
    expect(JSON.parse(encryptionAndLogs.inputs.policy).Statement.find((s: any) => s.Sid === "UseStackKey").Resource).to.deep.equal([KEY]);
  });

  it("enables bookmarks only for append-only jobs of a stack that asks for them", function () {
    const [job] = buildStack({ stack: "dev", privacy: "standard", databaseName: "stedi_dev" }).jobs;
    const places = { assetsBucket: "a", dataBucket: "d", database: "db" };
    const option = (bookmarkSafe: boolean, bookmarks: boolean) =>
      jobArguments({ ...job!, bookmarkSafe }, { workerType: "G.1X", numberOfWorkers: 2, executionClass: "STANDARD", timeoutMinutes: 10, maxRetries: 0, bookmarks }, places)["--job-bookmark-option"];
    expect([option(true, true), option(true, false), option(false, true), option(false, false)]).to.deep.equal([
      "job-bookmark-enable",
      "job-bookmark-disable",
      "job-bookmark-disable",
      "job-bookmark-disable",
    ]);
  });

  it("derives triggers for a job added to the pipeline, with no wiring", function () {
    const job = (name: string, upstreamJobs: string[]) => ({ name, upstreamJobs });
    const base = [job("a", []), job("b", ["a"])];
    expect(planTriggers(base)).to.deep.equal({ start: ["a"], conditional: [{ job: "b", after: ["a"] }] });
    expect(planTriggers([...base, job("c", []), job("d", ["b", "c"])])).to.deep.equal({
      start: ["a", "c"],
      conditional: [
        { job: "b", after: ["a"] },
        { job: "d", after: ["b", "c"] },
      ],
    });
    expect(() => planTriggers([job("a", ["ghost"])])).to.throw(/ghost/);
  });

  it("refuses a pipeline that would write into a landing prefix", function () {
    const pipeline = buildStack({ stack: "dev", privacy: "standard", databaseName: "stedi_dev" });
    const [first, ...rest] = pipeline.jobs;
    const bad = { ...first!, writeLocations: [...first!.writeLocations, { bucket: "data" as const, prefix: "customer/landing/" }] };
    expect(() => deriveS3Access({ tables: pipeline.tables, jobs: [bad, ...rest] })).to.throw(/landing zone.*customer\/landing\//);
  });

  it("grants external S3 locations on their own bucket", function () {
    const pipeline = buildStack({ stack: "dev", privacy: "standard", databaseName: "stedi_dev" });
    const [first, ...rest] = pipeline.jobs;
    const reading = { ...first!, readLocations: [...first!.readLocations, { bucket: "external" as const, uri: "s3://partner-drop/stedi/" }] };
    const plan = deriveS3Access({ tables: pipeline.tables, jobs: [reading, ...rest] });
    expect(plan.readOnly).to.deep.include({ bucket: { kind: "external", name: "partner-drop" }, prefix: "stedi/" });
  });
});
