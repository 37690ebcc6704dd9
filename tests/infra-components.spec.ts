/**
 * Each infra component on its own, under the mocks, with only the narrow arguments it takes: what it
 * creates, how it names its children (from its own `name`), and the order it imposes between them.
 * tests/infra.spec.ts runs the whole program; these pin down one component each.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { IAM_ONLY_TABLE_DEFAULTS, LakeCatalog } from "../infra/catalog";
import { LandingCrawler } from "../infra/crawlers";
import { GlueServiceRole } from "../infra/iam";
import { GlueJobs } from "../infra/jobs";
import { logsKeyProblems, stackKeyPolicy } from "../infra/key-policy";
import { LakeWorkflow } from "../infra/orchestration";
import { SecureBucket } from "../infra/secure-bucket";
import { LakeSecurity } from "../infra/security";
import { LakeStorage } from "../infra/storage";
import { buildStack } from "../src/build";
import { storageFormat } from "../src/render/storage-format";
import { ACCOUNT_ID, JOB_SETTINGS, type ParsedStatement, runComponent } from "./infra-harness";

/** IAM's `*` wildcard. */
const globMatches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value);

const pipeline = buildStack({
  stack: "dev",
  project: "stedi",
  options: { privacy: "standard" },
  databaseName: "stedi_dev",
});
const awsContext = { accountId: pulumi.output(ACCOUNT_ID), partition: pulumi.output("aws-cn") };
const KEY = "arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const S3 = "aws:s3/";
const BUCKET_SETTINGS = [
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
];

describe("infra component: SecureBucket", function () {
  it("changes one bucket's settings strictly one after another (S3 aborts concurrent changes)", async function () {
    const run = await runComponent(
      (opts) =>
        new SecureBucket(
          "b",
          {
            partition: "aws-cn",
            versioned: true,
            forceDestroy: false,
            lifecycleRules: [{ id: "x", status: "Enabled", filter: {}, expiration: { days: 1 } }],
          },
          opts,
        ),
    );
    const settings = run.resources.filter((r) => r.type.startsWith(S3) && r.type !== "aws:s3/bucket:Bucket");
    expect(settings.map((r) => r.type)).to.have.members(BUCKET_SETTINGS);
    // A chain: each setting depends on exactly the one before it, the first on the bucket.
    const chain = ["b", ...BUCKET_SETTINGS.map((type) => settings.find((r) => r.type === type)!.name)];
    BUCKET_SETTINGS.forEach((type, i) =>
      expect(run.dependsOn.get(`${type}::${chain[i + 1]}`), type).to.deep.equal([chain[i]]),
    );
    // Every pair of settings is ordered: the chain's transitive closure covers all 15 pairs.
    expect(new Set(chain).size).to.equal(BUCKET_SETTINGS.length + 1);
    expect(JSON.parse(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement[0].Resource).to.deep.equal([
      "arn:aws-cn:s3:::b-a1b2c3d",
      "arn:aws-cn:s3:::b-a1b2c3d/*",
    ]);
  });

  it("keeps the chain without versioning or lifecycle", async function () {
    const run = await runComponent(
      (opts) =>
        new SecureBucket("b", { partition: "aws", versioned: false, forceDestroy: false, lifecycleRules: [] }, opts),
    );
    expect(run.dependsOn.get("aws:s3/bucketPolicy:BucketPolicy::b-tls-only")).to.deep.equal(["b-encryption"]);
  });
});

describe("infra component: LakeStorage", function () {
  it("names its buckets from its own name and encrypts with a configured key", async function () {
    const run = await runComponent(
      (opts) =>
        new LakeStorage(
          "lake",
          {
            partition: "aws",
            storage: { forceDestroy: false, noncurrentVersionRetentionDays: 30, tempRetentionDays: 7 },
            kmsKeyArn: KEY,
          },
          opts,
        ),
    );
    expect(run.ofType("aws:s3/bucket:Bucket").map((b) => b.name)).to.deep.equal(["lake-data", "lake-assets"]);
    for (const e of run.ofType(BUCKET_SETTINGS[2]!))
      expect(e.inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: KEY,
      });
  });
});

describe("infra component: LakeSecurity", function () {
  it("creates a key whose policy puts each CloudWatch Logs action with the conditions it carries", async function () {
    const run = await runComponent((opts) => new LakeSecurity("sec", { aws: awsContext, region: "cn-north-1" }, opts));
    const key = run.one("aws:kms/key:Key", "sec-glue");
    const policy = JSON.parse(key.inputs.policy);
    const logs = policy.Statement.filter(
      (s: ParsedStatement) => s.Principal?.Service === "logs.cn-north-1.amazonaws.com",
    );
    expect(logs).to.have.length(2);
    const describe = logs.find((s: ParsedStatement) => s.Action === "kms:DescribeKey");
    expect(describe.Condition).to.equal(undefined);
    const dataKeys = logs.find((s: ParsedStatement) => s !== describe);
    expect(dataKeys.Action).to.not.include("kms:DescribeKey");
    expect(dataKeys.Condition).to.deep.equal({
      StringLike: {
        "kms:EncryptionContext:aws:logs:arn": "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws-glue/*",
      },
    });
    expect(
      logsKeyProblems(key.inputs.policy, { partition: "aws-cn", accountId: ACCOUNT_ID, region: "cn-north-1" }),
    ).to.deep.equal([]);
    expect(run.one("aws:kms/alias:Alias").inputs.name).to.equal("alias/sec-glue");
  });

  it("uses a configured key and creates none", async function () {
    const run = await runComponent(
      (opts) => new LakeSecurity("sec", { aws: awsContext, region: "cn-north-1", kmsKeyArn: KEY }, opts),
    );
    expect(run.ofType("aws:kms/key:Key")).to.have.length(0);
    expect(
      run.one("aws:glue/securityConfiguration:SecurityConfiguration").inputs.encryptionConfiguration
        .cloudwatchEncryption.kmsKeyArn,
    ).to.equal(KEY);
  });
});

describe("infra: a customer key must let CloudWatch Logs encrypt Glue's logs", function () {
  const target = { partition: "aws", accountId: ACCOUNT_ID, region: "us-east-1" };
  it("accepts the stack key's policy and names what a bare account-only key policy lacks", function () {
    expect(logsKeyProblems(stackKeyPolicy(target), target)).to.deep.equal([]);
    const accountOnly = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "kms:*", Resource: "*" },
      ],
    };
    const problems = logsKeyProblems(JSON.stringify(accountOnly), target);
    expect(problems).to.have.length(4);
    expect(problems[0]).to.include("logs.us-east-1.amazonaws.com").and.include("/aws-glue/jobs/error");
  });

  it("refuses a logs statement scoped to other log groups, or to another region", function () {
    const other = JSON.parse(stackKeyPolicy(target));
    other.Statement[1].Condition.StringLike["kms:EncryptionContext:aws:logs:arn"] =
      `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/app/*`;
    expect(logsKeyProblems(other, target)).to.have.length(3);
    expect(logsKeyProblems(stackKeyPolicy({ ...target, region: "eu-west-1" }), target)).to.have.length(4);
  });
});

describe("infra component: LakeCatalog", function () {
  it("declares tables in the storage format the DDL uses, and keeps IAM access under Lake Formation", async function () {
    const run = await runComponent(
      (opts) =>
        new LakeCatalog(
          "cat",
          { database: "db", description: "d", tables: pipeline.tables, dataBucket: "bucket" },
          opts,
        ),
    );
    expect(run.one("aws:glue/catalogDatabase:CatalogDatabase").inputs.createTableDefaultPermissions).to.deep.equal(
      IAM_ONLY_TABLE_DEFAULTS,
    );
    expect(IAM_ONLY_TABLE_DEFAULTS).to.deep.equal([
      { permissions: ["ALL"], principal: { dataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" } },
    ]);
    for (const t of pipeline.tables) {
      const table = run.one("aws:glue/catalogTable:CatalogTable", t.name).inputs;
      const format = storageFormat(t);
      expect(table.parameters).to.deep.equal(Object.fromEntries(format.tableParameters));
      expect(table.storageDescriptor.serDeInfo).to.deep.equal({
        serializationLibrary: format.serializationLibrary,
        parameters: Object.fromEntries(format.serdeParameters),
      });
      if (t.zone === "landing")
        expect(table.storageDescriptor.serDeInfo.parameters["ignore.malformed.json"]).to.equal("TRUE");
      else expect(table.parameters.useGlueParquetWriter).to.equal("true");
    }
  });
});

describe("infra component: GlueServiceRole", function () {
  it("is trusted by Glue alone, carries its two inline policies and no managed policy", async function () {
    const doc = {
      Version: "2012-10-17" as const,
      Statement: [{ Sid: "A", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/k"] }],
    };
    const run = await runComponent(
      (opts) => new GlueServiceRole("r", { description: "d", dataAccess: doc, encryption: doc }, opts),
    );
    expect(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
    expect(run.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => p.name)).to.deep.equal([
      "r-data-access",
      "r-encryption",
    ]);
    expect(JSON.parse(run.one("aws:iam/role:Role").inputs.assumeRolePolicy).Statement).to.deep.equal([
      { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });
});

describe("infra component: GlueJobs", function () {
  it("gives every job its own role, created before the job, and names both from its own name", async function () {
    const settings = JOB_SETTINGS;
    const args = {
      aws: awsContext,
      region: "cn-north-1",
      assetsBucket: "a",
      dataBucket: "d",
      database: "db",
      kmsKeyArn: KEY,
      securityConfigurationName: "sc",
    };
    const run = await runComponent(
      (opts) => new GlueJobs("jobs", { ...args, jobs: pipeline.jobs, tables: pipeline.tables, settings }, opts),
    );
    const roles = run.ofType("aws:iam/role:Role");
    expect(roles.map((r) => r.inputs.name)).to.deep.equal(pipeline.jobs.map((j) => `jobs-${j.name}`));
    for (const job of pipeline.jobs) {
      const glueJob = run.one("aws:glue/job:Job", job.name);
      expect(glueJob.inputs.name).to.equal(`jobs-${job.name}`);
      expect(glueJob.inputs.roleArn).to.equal(`arn:aws:iam::${ACCOUNT_ID}:role/jobs-${job.name}`);
      expect(run.dependsOn.get(`aws:glue/job:Job::${job.name}`)).to.deep.equal([
        `jobs-${job.name}-data-access`,
        `jobs-${job.name}-encryption`,
      ]);
      const policy = JSON.parse(run.one("aws:iam/rolePolicy:RolePolicy", `jobs-${job.name}-data-access`).inputs.policy);
      // Every ARN carries the partition it was given: nothing assumes `aws`.
      for (const s of policy.Statement)
        for (const r of s.Resource) expect(r === "*" || r.startsWith("arn:aws-cn:"), r).to.equal(true);
      // Glue 5.0 logs to /aws-glue/jobs/error and /aws-glue/jobs/output (encrypted: /aws-glue/jobs-<role>-<config>/…).
      const logs = policy.Statement.find((x: ParsedStatement) => x.Sid === "WriteJobLogs");
      const group = (name: string) => `arn:aws-cn:logs:cn-north-1:${ACCOUNT_ID}:log-group:${name}`;
      for (const name of [
        "/aws-glue/jobs/error",
        "/aws-glue/jobs/output",
        `/aws-glue/jobs-jobs-${job.name}-sc/error`,
      ]) {
        expect(
          logs.Resource.some((r: string) => globMatches(r, group(name))),
          name,
        ).to.equal(true);
        expect(
          logs.Resource.some((r: string) => globMatches(r, `${group(name)}:log-stream:driver`)),
          name,
        ).to.equal(true);
      }
    }
  });
});

describe("infra component: LakeWorkflow", function () {
  const jobNames = new Map(pipeline.jobs.map((j) => [j.name, `w-${j.name}`]));

  it("never starts a job on deploy: the ON_DEMAND start trigger is created disabled", async function () {
    const run = await runComponent(
      (opts) => new LakeWorkflow("w", { description: "d", jobs: pipeline.jobs, jobNames }, opts),
    );
    const start = run.one("aws:glue/trigger:Trigger", "w-start").inputs;
    expect(start).to.include({ name: "w-start", type: "ON_DEMAND", enabled: false, startOnCreation: false });
    expect(run.one("aws:glue/workflow:Workflow").inputs.name).to.equal("w");
  });

  it("arms a scheduled start trigger, which waits for its schedule", async function () {
    const run = await runComponent(
      (opts) =>
        new LakeWorkflow("w", { description: "d", jobs: pipeline.jobs, jobNames, schedule: "cron(0 6 * * ? *)" }, opts),
    );
    expect(run.one("aws:glue/trigger:Trigger", "w-start").inputs)
      .to.include({ type: "SCHEDULED", startOnCreation: true })
      .and.not.have.property("enabled");
  });
});

describe("infra component: LandingCrawler", function () {
  it("runs as its own role, which reads only the landing prefixes and tables", async function () {
    const args = {
      aws: awsContext,
      region: "cn-north-1",
      database: "db",
      dataBucket: "d",
      assetsBucket: "a",
      kmsKeyArn: KEY,
      securityConfigurationName: "sc",
      landingTables: [],
    };
    const run = await runComponent((opts) => new LandingCrawler("c", { ...args, tables: pipeline.tables }, opts));
    expect(run.one("aws:glue/crawler:Crawler").inputs).to.include({
      name: "c-landing",
      role: `arn:aws:iam::${ACCOUNT_ID}:role/c-landing-crawler`,
    });
    const policy = JSON.parse(run.one("aws:iam/rolePolicy:RolePolicy", "c-landing-crawler-data-access").inputs.policy);
    const objects = policy.Statement.find((s: ParsedStatement) => s.Sid === "ReadObjects").Resource;
    expect(objects).to.deep.equal([
      "arn:aws-cn:s3:::d/accelerometer/landing/*",
      "arn:aws-cn:s3:::d/customer/landing/*",
      "arn:aws-cn:s3:::d/step_trainer/landing/*",
    ]);
    expect(policy.Statement.find((s: ParsedStatement) => s.Sid === "WriteObjects")).to.equal(undefined);
  });
});
