/**
 * The Pulumi program, run for both stacks against mocks: every resource kind with its key properties,
 * scripts byte-equal to generated/<stack>/, triggers equal to the lineage DAG, IAM equal to the
 * derived prefixes, catalog columns equal to the inferred schemas, and the stack outputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { planTriggers } from "../infra/orchestration";
import { jobArguments } from "../infra/jobs";
import { scriptKey } from "../infra/naming";
import { policyChars, type PolicyDocument, ROLE_INLINE_POLICY_LIMIT, rolePolicySizes } from "../infra/role-policies";
import { jobS3Access, roleJobOf } from "../infra/s3-access";
import { stediPipeline, type StediPipelineOptions } from "../jobs/stedi/project";
import { buildStack } from "../src/build";
import { assertValid } from "../src/dsl";
import type { RenderedJob, RenderedPipeline } from "../src/render/types";
import { ACCOUNT_ID, type CapturedResource, type ProgramRun, runProgram } from "./infra-harness";

/** A bucket lifecycle rule as the program passes it (the fields these tests read). */
type LifecycleRule = { id: string };
/** A catalog column as the program passes it. */
type Column = { name: string; type: string };

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
  stackReference: "pulumi:pulumi:StackReference",
} as const;

/** Companions of one bucket: matched by the bucket name they configure. */
const companionOf = (run: ProgramRun, type: string, bucket: CapturedResource) =>
  run.ofType(type).filter((r) => r.inputs.bucket === bucket.state.bucket);
const bucketNamed = (run: ProgramRun, role: "data" | "assets") =>
  run.ofType(T.bucket).find((b) => b.name.endsWith(`-${role}`))!;
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
        // One role per job, plus the crawler's; each job evaluating data-quality rules may also publish outcomes.
        [T.role]: pipeline.jobs.length + (run.config.crawlers ? 1 : 0),
        [T.attachment]: 0,
        [T.rolePolicy]:
          2 * (pipeline.jobs.length + (run.config.crawlers ? 1 : 0)) +
          pipeline.jobs.filter((j) => j.quality.length).length,
        [T.key]: 1,
        [T.alias]: 1,
        [T.dataQualityRuleset]: pipeline.tables.filter((t) => t.quality).length,
        // The stack's own last deployed outputs, read for the table-format check (infra/table-formats.ts).
        [T.stackReference]: 1,
      };
      const actual = Object.fromEntries(Object.keys(expected).map((type) => [type, run.ofType(type).length]));
      expect(actual).to.deep.equal(expected);
      const unexpected = run.resources.filter((r) => !(r.type in expected) && !r.type.startsWith("lakehouse:infra:"));
      expect(unexpected.map((r) => r.type)).to.deep.equal([]);
      expect(run.config.crawlers, "dev has crawlers, prod does not").to.equal(stack === "dev");
    });

    describe("data quality", function () {
      it("creates one Glue Data Quality ruleset per table with rules, targeting that table, with the DQDL the jobs evaluate", function () {
        const withRules = pipeline.tables.filter((t) => t.quality);
        expect(withRules.map((t) => t.name)).to.include.members([
          "customer_trusted",
          "accelerometer_trusted",
          "machine_learning_curated",
        ]);
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
        const statements = run
          .ofType(T.rolePolicy)
          .flatMap(
            (r) => JSON.parse(r.state.policy ?? r.inputs.policy).Statement as { Sid?: string; Action: string[] }[],
          );
        const publishing = statements.filter((st) => st.Action.includes("glue:PublishDataQuality"));
        const grant = {
          Sid: "PublishDataQualityResults",
          Effect: "Allow",
          Action: ["glue:PublishDataQuality"],
          Resource: ["arn:aws:glue:us-east-1:123456789012:dataQualityRuleset/*"],
        };
        // One per job evaluating rules (each job has its own role), and the action nowhere else.
        expect(publishing).to.deep.equal(pipeline.jobs.filter((j) => j.quality.length).map(() => grant));
      });
    });

    describe("storage", function () {
      it("gives every bucket SSE-S3, ownership enforced, all four public access flags and a TLS-only policy", function () {
        for (const bucket of run.ofType(T.bucket)) {
          const [encryption] = companionOf(run, T.encryption, bucket);
          expect(encryption?.inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
          ]);
          expect(companionOf(run, T.ownership, bucket)[0]?.inputs.rule).to.deep.equal({
            objectOwnership: "BucketOwnerEnforced",
          });
          expect(companionOf(run, T.publicAccess, bucket)[0]?.inputs).to.include({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          });
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
        expect(run.one(T.versioning).inputs).to.deep.include({
          bucket: dataBucket,
          versioningConfiguration: { status: "Enabled" },
        });
        const dataRules = companionOf(run, T.lifecycle, data)[0]!.inputs.rules;
        expect(
          dataRules.find((r: LifecycleRule) => r.id === "expire-old-versions").noncurrentVersionExpiration,
        ).to.deep.equal({
          noncurrentDays: run.config.storage.noncurrentVersionRetentionDays,
        });
        const assetRules = companionOf(run, T.lifecycle, assets)[0]!.inputs.rules;
        expect(assetRules.find((r: LifecycleRule) => r.id === "expire-temp-files")).to.deep.include({
          filter: { prefix: "temp/" },
          expiration: { days: run.config.storage.tempRetentionDays },
        });
        expect(assetRules.find((r: LifecycleRule) => r.id === "expire-spark-ui-logs").filter).to.deep.equal({
          prefix: "sparkui/",
        });
      });

      it("outputs the upload URI of every landing table, under its zone prefix in the data bucket", function () {
        const landing = pipeline.tables.filter((t) => t.zone === "landing");
        expect(landing.map((t) => t.prefix)).to.deep.equal([
          "customer/landing/",
          "accelerometer/landing/",
          "step_trainer/landing/",
        ]);
        expect(run.outputs.landingUploadUris).to.deep.equal(
          Object.fromEntries(landing.map((t) => [t.name, `s3://${dataBucket}/${t.prefix}`])),
        );
        expect(run.outputs).to.include({
          dataBucket,
          assetsBucket,
          database: `stedi_${stack}`,
          workflow: `stedi-${stack}`,
          project: "stedi",
          synthetic: "jobs/stedi/synthetic.py",
        });
        expect(run.outputs.options).to.deep.equal(run.config.options);
      });
    });

    describe("scripts and jobs", function () {
      it("uploads each job's script byte for byte as committed in generated/<stack>/, under a content-hashed key", function () {
        const objects = run.ofType(T.object);
        expect(objects.map((o) => o.name)).to.deep.equal(pipeline.jobs.map((j) => `${j.name}-script`));
        for (const job of pipeline.jobs) {
          const object = objects.find((o) => o.name === `${job.name}-script`)!;
          const committed = readFileSync(join(ROOT, "generated", stack, job.scriptFile), "utf8");
          expect(object.inputs.content === committed, `${job.scriptFile} differs from generated/${stack}/`).to.equal(
            true,
          );
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
        const { jobs: settings } = run.config;
        expect(run.outputs.jobs).to.deep.equal(pipeline.jobs.map((j) => `stedi-${stack}-${j.name}`));
        for (const job of pipeline.jobs) {
          const glueJob = run.one(T.job, job.name).inputs;
          const script = run.one(T.object, `${job.name}-script`).inputs;
          expect(glueJob).to.deep.include({
            name: `stedi-${stack}-${job.name}`,
            roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/stedi-${stack}-${job.name}`,
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
        expect(settings).to.deep.include(
          stack === "dev"
            ? { executionClass: "FLEX", numberOfWorkers: 2, workerType: "G.1X" }
            : { executionClass: "STANDARD" },
        );
      });

      it("passes Glue's switches and exactly the arguments each script reads", function () {
        for (const job of pipeline.jobs) {
          const args = run.one(T.job, job.name).inputs.defaultArguments;
          expect(args).to.deep.equal({
            "--job-language": "python",
            // No STEDI job is bookmark-safe (they overwrite), so bookmarks stay off even where the stack enables them.
            "--job-bookmark-option": "job-bookmark-disable",
            "--TempDir": `s3://${assetsBucket}/temp/${job.name}/`,
            "--enable-metrics": "true",
            "--enable-spark-ui": "true",
            "--spark-event-logs-path": `s3://${assetsBucket}/sparkui/${job.name}/`,
            "--DATABASE": `stedi_${stack}`,
            "--LAKE_ROOT": `s3://${dataBucket}`,
          });
          expect(job.arguments).to.deep.equal([
            { name: "DATABASE", place: "database" },
            { name: "LAKE_ROOT", place: "lakeRoot" },
          ]);
          expect(job.bookmarkSafe).to.equal(false);
        }
      });

      it("leaves Spark's session catalog local: no --enable-glue-datacatalog, on parquet and on Iceberg", function () {
        // With the flag Glue would create the `default` database when it is missing, which no role may do
        // (docs/decisions/infra-no-session-catalog.md).
        const iceberg = buildStack({ ...run.config, options: { ...run.config.options, tableFormat: "iceberg" } });
        const places = { assetsBucket, dataBucket, database: pipeline.database, region: run.config.region };
        for (const job of [...pipeline.jobs, ...iceberg.jobs]) {
          const args = jobArguments(job, run.config.jobs, places);
          expect(args, job.name).to.not.have.property("--enable-glue-datacatalog");
          expect(args["--conf"] ?? "", job.name).to.not.match(/spark_catalog|catalogImplementation|hive/i);
        }
        for (const job of pipeline.jobs)
          expect(run.one(T.job, job.name).inputs.defaultArguments, job.name).to.not.have.property(
            "--enable-glue-datacatalog",
          );
      });
    });

    describe("orchestration", function () {
      it("has exactly one start trigger, starting the jobs nothing feeds", function () {
        const start = run.ofType(T.trigger).filter((t) => t.inputs.type !== "CONDITIONAL");
        expect(start).to.have.length(1);
        const trigger = start[0]!.inputs;
        if (stack === "prod")
          expect(trigger).to.include({ type: "SCHEDULED", schedule: "cron(0 6 * * ? *)", startOnCreation: true });
        // A deploy must never start the workflow (the provider calls StartTrigger on an enabled ON_DEMAND trigger).
        else expect(trigger).to.include({ type: "ON_DEMAND", enabled: false, startOnCreation: false });
        expect(trigger.workflowName).to.equal(run.one(T.workflow).inputs.name);
        const producers = new Map(pipeline.tables.filter((t) => t.producer).map((t) => [t.name, t.producer!]));
        const sources = pipeline.jobs.filter((j) =>
          j.reads.every((t) => !producers.has(t) || producers.get(t) === j.name),
        );
        expect(trigger.actions).to.deep.equal(sources.map((j) => ({ jobName: `stedi-${stack}-${j.name}` })));
      });

      it("forms exactly the lineage DAG: each other job waits for ALL producers of its inputs to succeed", function () {
        // The DAG is recomputed here from reads and table producers, independently of RenderedJob.upstreamJobs.
        const producers = new Map(pipeline.tables.filter((t) => t.producer).map((t) => [t.name, t.producer!]));
        const expectedEdges = pipeline.jobs.flatMap((j) =>
          [...new Set(j.reads.map((t) => producers.get(t)).filter((p) => p && p !== j.name))].map(
            (p) => `${p} -> ${j.name}`,
          ),
        );
        const conditional = run.ofType(T.trigger).filter((t) => t.inputs.type === "CONDITIONAL");
        const actualEdges = conditional.flatMap((t) => {
          expect(t.inputs.predicate.logical).to.equal("AND");
          expect(t.inputs.startOnCreation).to.equal(true);
          expect(t.inputs.actions).to.have.length(1);
          const target = t.inputs.actions[0].jobName.replace(`stedi-${stack}-`, "");
          return t.inputs.predicate.conditions.map((c: { state: string; jobName: string }) => {
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
      const policyOf = (role: string, suffix: string) =>
        JSON.parse(run.one(T.rolePolicy, `${role}-${suffix}`).inputs.policy);
      /** The program writes role policies as infra/role-policies.ts types them. */
      const statementOf = (doc: PolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid)!;

      it("gives every job its own Glue role, with no managed policy", function () {
        for (const job of pipeline.jobs) {
          const role = run.one(T.role, `stedi-${stack}-${job.name}`);
          expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
          ]);
        }
        expect(run.ofType(T.attachment)).to.deep.equal([]);
        expect(run.outputs.roleArns).to.deep.equal({
          ...Object.fromEntries(
            pipeline.jobs.map((j) => [j.name, `arn:aws:iam::${ACCOUNT_ID}:role/stedi-${stack}-${j.name}`]),
          ),
          ...(run.config.crawlers ? { crawler: `arn:aws:iam::${ACCOUNT_ID}:role/stedi-${stack}-landing-crawler` } : {}),
        });
      });

      it("lets each job read exactly its inputs and write exactly its outputs, as Hadoop's S3 file system touches them", function () {
        // Expected grants, written out from each rendered job (not from jobS3Access).
        const obj = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
        const dir = (bucket: string, prefix: string) => {
          const d = prefix.replace(/\/$/, "");
          return [obj(bucket, d), obj(bucket, `${d}/*`), obj(bucket, `${d}_$folder$`)];
        };
        const prefixes = (ls: RenderedJob["readLocations"]) => ls.map((l) => (l.bucket === "data" ? l.prefix : l.uri));
        for (const job of pipeline.jobs) {
          const doc = policyOf(`stedi-${stack}-${job.name}`, "data-access");
          const written = prefixes(job.writeLocations);
          const read = prefixes(job.readLocations).filter((p) => !written.includes(p));
          const own = [`temp/${job.name}/`, `sparkui/${job.name}/`];
          // mkdirs also marks every missing ancestor: `customer_$folder$`, `customer/rejected_$folder$`, …
          const ancestorMarkers = (bucket: string, prefix: string) =>
            prefix
              .replace(/\/$/, "")
              .split("/")
              .slice(0, -1)
              .map((_, i, parts) => obj(bucket, `${parts.slice(0, i + 1).join("/")}_$folder$`));
          const writeArns = [
            ...new Set([
              ...written.flatMap((p) => [...dir(dataBucket, p).slice(1), ...ancestorMarkers(dataBucket, p)]),
              ...own.flatMap((p) => [...dir(assetsBucket, p).slice(1), ...ancestorMarkers(assetsBucket, p)]),
            ]),
          ];
          expect(sorted(statementOf(doc, "WriteObjects").Resource)).to.deep.equal(sorted(writeArns));
          expect(statementOf(doc, "WriteObjects").Action).to.deep.equal([
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
          ]);
          const readArns = statementOf(doc, "ReadObjects").Resource as string[];
          for (const a of [
            ...read.flatMap((p) => dir(dataBucket, p)),
            ...written.flatMap((p) => dir(dataBucket, p)),
            obj(assetsBucket, scriptKey(job)),
          ])
            expect(readArns).to.include(a);
          // Nothing under another job's script, and never a wildcard wider than one directory.
          expect(readArns.filter((a) => a.includes("/scripts/"))).to.deep.equal([obj(assetsBucket, scriptKey(job))]);
          for (const a of [...readArns, ...writeArns])
            expect(a.endsWith("*") ? a.endsWith("/*") : true, a).to.equal(true);
          // The landing zone is never written.
          expect(statementOf(doc, "WriteObjects").Resource.some((r: string) => r.includes("/landing"))).to.equal(false);
          expect(statementOf(doc, "ListBuckets").Resource).to.deep.equal(
            sorted([`arn:aws:s3:::${assetsBucket}`, `arn:aws:s3:::${dataBucket}`]),
          );
          expect(statementOf(doc, "ListBuckets").Action).to.deep.equal(["s3:ListBucket", "s3:GetBucketLocation"]);
        }
      });

      it("lets each job look up only the catalog tables its script reads or updates, and never update a table", function () {
        for (const job of pipeline.jobs) {
          const doc = policyOf(`stedi-${stack}-${job.name}`, "data-access");
          const table = (t: string) => pipeline.tables.find((x) => x.name === t)!;
          const fromCatalog = job.reads.filter((t) => table(t).zone !== "landing");
          // Unpartitioned parquet sinks do not touch the catalog (enableUpdateCatalog=False).
          const catalogSinks = job.writes.filter(
            (t) => table(t).partitionKeys.length > 0 || table(t).format === "iceberg",
          );
          const looked = [...new Set([...fromCatalog, ...catalogSinks])];
          const catalog = doc.Statement.find((s: { Sid?: string }) => s.Sid === "ReadCatalog");
          if (looked.length === 0) expect(catalog, job.name).to.equal(undefined);
          else
            expect(sorted(catalog.Resource)).to.deep.equal(
              sorted([
                "arn:aws:glue:us-east-1:123456789012:catalog",
                `arn:aws:glue:us-east-1:123456789012:database/stedi_${stack}`,
                ...looked.map((t) => `arn:aws:glue:us-east-1:123456789012:table/stedi_${stack}/${t}`),
              ]),
            );
          for (const s of doc.Statement) expect(s.Action).to.not.include("glue:UpdateTable");
          expect(statementOf(doc, "WriteJobLogs").Resource).to.deep.equal([
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/jobs*",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/jobs*:log-stream:*",
          ]);
          expect(policyOf(`stedi-${stack}-${job.name}`, "encryption").Statement).to.deep.equal([
            {
              Sid: "UseStackKey",
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
              Resource: [run.one(T.key).state.arn],
            },
          ]);
        }
      });

      it("has no wildcard action, no s3:* and no S3 object access on every resource", function () {
        for (const p of run.ofType(T.rolePolicy)) {
          for (const s of JSON.parse(p.inputs.policy).Statement) {
            expect(s.Effect).to.equal("Allow");
            expect(s.Action.filter((a: string) => a.includes("*"))).to.deep.equal([]);
            if (s.Action.some((a: string) => a.startsWith("s3:")))
              expect(s.Resource.filter((r: string) => r === "*" || r === "arn:aws:s3:::*")).to.deep.equal([]);
            if (s.Resource.includes("*"))
              expect(s).to.deep.include({
                Action: ["cloudwatch:PutMetricData"],
                Condition: { StringEquals: { "cloudwatch:namespace": ["Glue"] } },
              });
          }
        }
      });

      it("has, per role, the size the guard computes with the real names, and at most its worst case", function () {
        const real = {
          partition: "aws",
          region: run.config.region,
          accountId: ACCOUNT_ID,
          database: pipeline.database,
          dataBucket,
          assetsBucket,
          kmsKeyArn: run.one(T.key).state.arn,
        };
        const computed = rolePolicySizes(pipeline, real).roles;
        const worst = rolePolicySizes(pipeline).roles;
        const roleNames = [
          ...pipeline.jobs.map((j) => `stedi-${stack}-${j.name}`),
          ...(run.config.crawlers ? [`stedi-${stack}-landing-crawler`] : []),
        ];
        roleNames.forEach((role, i) => {
          const actual = {
            "data-access": policyChars(run.one(T.rolePolicy, `${role}-data-access`).inputs.policy),
            encryption: policyChars(run.one(T.rolePolicy, `${role}-encryption`).inputs.policy),
          };
          expect(computed[i]!.byPolicy, role).to.deep.equal(actual);
          expect(worst[i]!.chars)
            .to.be.above(actual["data-access"] + actual.encryption)
            .and.below(ROLE_INLINE_POLICY_LIMIT);
        });
      });
    });

    describe("catalog", function () {
      it("declares every pipeline table with the columns and types schema inference gives", function () {
        const inferred = assertValid(stediPipeline(run.config.options as StediPipelineOptions)).tables;
        expect(run.one(T.database).inputs.name).to.equal(`stedi_${stack}`);
        const tables = run.ofType(T.table);
        expect(sorted(tables.map((t) => t.inputs.name))).to.deep.equal(sorted(inferred.keys()));
        for (const table of tables) {
          const expected = inferred.get(table.inputs.name)!;
          expect(table.inputs.storageDescriptor.columns.map((c: Column) => [c.name, c.type])).to.deep.equal(
            expected.columns.map((c) => [c.name, c.type]),
          );
          expect(table.inputs.partitionKeys ?? []).to.deep.equal(
            expected.partitionKeys.map((c) => ({ name: c.name, type: c.type })),
          );
          expect(table.inputs).to.include({ databaseName: `stedi_${stack}`, tableType: "EXTERNAL_TABLE" });
          expect(table.inputs.storageDescriptor.location).to.equal(`s3://${dataBucket}/${expected.prefix}`);
        }
        // The privacy profile reaches the catalog: strict removes PII from the ML table.
        const mlColumns = tables
          .find((t) => t.inputs.name === "machine_learning_curated")!
          .inputs.storageDescriptor.columns.map((c: Column) => c.name);
        expect(mlColumns.includes("serialnumber")).to.equal(stack === "dev");
      });

      it("reads landing tables with the JSON SerDe over the files' own keys, and sinks as Parquet", function () {
        for (const t of pipeline.tables) {
          const sd = run.one(T.table, t.name).inputs.storageDescriptor;
          if (t.zone === "landing") {
            expect(sd).to.deep.include({
              inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
              outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            });
            expect(sd.serDeInfo.serializationLibrary).to.equal("org.openx.data.jsonserde.JsonSerDe");
            expect(sd.serDeInfo.parameters.paths).to.equal(t.columns.map((c) => c.jsonKey ?? c.name).join(","));
            // One malformed line must not fail every Athena query on the table (HIVE_CURSOR_ERROR).
            expect(sd.serDeInfo.parameters["ignore.malformed.json"]).to.equal("TRUE");
            expect(run.one(T.table, t.name).inputs.parameters.classification).to.equal("json");
          } else {
            expect(t.format).to.equal("parquet");
            expect(sd.serDeInfo.serializationLibrary).to.equal(
              "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            );
            expect(sd.inputFormat).to.equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
            expect(run.one(T.table, t.name).inputs.parameters).to.include({
              classification: "parquet",
              useGlueParquetWriter: "true",
            });
          }
        }
        expect(run.one(T.table, "customer_landing").inputs.storageDescriptor.serDeInfo.parameters.paths).to.contain(
          "shareWithResearchAsOfDate",
        );
      });

      it(
        stack === "dev" ? "crawls the landing tables without being able to change their schemas" : "has no crawler",
        function () {
          if (stack === "prod") return expect(run.ofType(T.crawler)).to.have.length(0);
          const crawler = run.one(T.crawler).inputs;
          expect(crawler.catalogTargets).to.deep.equal([
            {
              databaseName: "stedi_dev",
              tables: ["customer_landing", "accelerometer_landing", "step_trainer_landing"],
            },
          ]);
          expect(crawler.schemaChangePolicy).to.deep.equal({ updateBehavior: "LOG", deleteBehavior: "LOG" });
          expect(JSON.parse(crawler.configuration)).to.deep.equal({
            Version: 1,
            CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
          });
          expect(crawler.s3Targets).to.equal(undefined);
          expect(crawler.securityConfiguration).to.equal(run.one(T.securityConfiguration).state.name);
          expect(run.outputs.crawler).to.equal("stedi-dev-landing");
        },
      );
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
    const run = await runProgram("dev", { "lakehouse:kmsKeyArn": KEY });
    expect(run.ofType(T.key)).to.have.length(0);
    for (const e of run.ofType(T.encryption))
      expect(e.inputs.rules).to.deep.equal([
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
          bucketKeyEnabled: true,
        },
      ]);
    expect(run.one(T.securityConfiguration).inputs.encryptionConfiguration.s3Encryption).to.deep.equal({
      s3EncryptionMode: "SSE-KMS",
      kmsKeyArn: KEY,
    });
    for (const p of run.ofType(T.rolePolicy).filter((x) => x.name.endsWith("-encryption")))
      expect(JSON.parse(p.inputs.policy).Statement[0].Resource).to.deep.equal([KEY]);
  });

  it("enables bookmarks only for bookmark-safe jobs of a stack that asks for them", function () {
    const [job] = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard" },
      databaseName: "stedi_dev",
    }).jobs;
    const places = { assetsBucket: "a", dataBucket: "d", database: "db", region: "us-east-1" };
    const option = (bookmarkSafe: boolean, bookmarks: boolean) =>
      jobArguments({ ...job!, bookmarkSafe }, { bookmarks, glueVersion: "5.0" }, places)["--job-bookmark-option"];
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
    const pipeline = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard" },
      databaseName: "stedi_dev",
    });
    const [first, ...rest] = pipeline.jobs;
    const bad = {
      ...first!,
      writeLocations: [...first!.writeLocations, { bucket: "data" as const, prefix: "customer/landing/" }],
    };
    expect(() => jobS3Access(roleJobOf(bad), pipeline.tables)).to.throw(
      /customer_landing_to_trusted writes into the landing zone.*customer\/landing\//,
    );
    expect(rest).to.have.length(4);
  });

  it("grants external S3 locations on their own bucket", function () {
    const pipeline = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard" },
      databaseName: "stedi_dev",
    });
    const [first, ...rest] = pipeline.jobs;
    const reading = {
      ...first!,
      readLocations: [...first!.readLocations, { bucket: "external" as const, uri: "s3://partner-drop/stedi/" }],
    };
    const plan = jobS3Access(roleJobOf(reading), pipeline.tables);
    expect(plan.readOnly).to.deep.include({ bucket: { kind: "external", name: "partner-drop" }, prefix: "stedi/" });
    expect(rest).to.have.length(4);
  });
});
