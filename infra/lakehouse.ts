/**
 * The whole lakehouse for one stack, composed from one component per concern:
 *
 *   LakeStorage   (storage.ts)        data + assets buckets, each a SecureBucket (secure-bucket.ts)
 *   LakeSecurity  (security.ts)       KMS key (when none configured) + Glue security configuration
 *   LakeCatalog   (catalog.ts)        Glue database + one table per pipeline table
 *   GlueRole      (iam.ts)            the role jobs and crawlers run as; S3 grants from lineage (s3-access.ts),
 *                                     policy documents and their size guard (role-policies.ts)
 *   GlueJobs      (jobs.ts)           one script object + one Glue job per pipeline job
 *   LakeWorkflow  (orchestration.ts)  workflow, start trigger, a conditional trigger per dependent job
 *   LandingCrawler (crawlers.ts)      optional schema-drift crawler over the landing tables
 *   DataQuality   (data-quality.ts)   a Glue Data Quality ruleset per table with rules; the jobs' right to publish outcomes
 *
 * Everything is a function of the RenderedPipeline and the StackConfig; nothing here names a job or table.
 */
import * as pulumi from "@pulumi/pulumi";
import { LakeCatalog } from "./catalog";
import { type LakehouseInputs, lookupAwsContext } from "./context";
import { LandingCrawler } from "./crawlers";
import { DataQuality } from "./data-quality";
import { GlueRole } from "./iam";
import { GlueJobs } from "./jobs";
import { s3Uri, stackPrefix } from "./naming";
import { LakeWorkflow } from "./orchestration";
import { assertRolePoliciesFit, RolePolicySizeError } from "./role-policies";
import { LakeSecurity } from "./security";
import { LakeStorage } from "./storage";

/** The stack outputs: what an operator needs to load data, run the workflow and query the result. */
export interface LakehouseOutputs {
  readonly dataBucket: pulumi.Output<string>;
  readonly assetsBucket: pulumi.Output<string>;
  readonly database: pulumi.Output<string>;
  readonly workflow: pulumi.Output<string>;
  readonly jobs: pulumi.Output<string[]>;
  /** Landing table → `s3://<data bucket>/<entity>/landing/`, where its JSON files must be uploaded. */
  readonly landingUploadUris: pulumi.Output<Record<string, string>>;
  readonly crawler: pulumi.Output<string> | undefined;
  readonly glueRoleArn: pulumi.Output<string>;
  readonly securityConfiguration: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
}

export interface LakehouseArgs extends LakehouseInputs {
  /**
   * `false` skips the check that the Glue role's inline policies fit AWS's 10,240-character limit.
   * Only for bench/pulumi-mocks-child.ts, which times the program for pipelines far over the limit;
   * a real stack must never set it, as AWS would reject the role's policy halfway through `pulumi up`.
   */
  readonly iamPolicySizeCheck?: boolean;
}

export class Lakehouse extends pulumi.ComponentResource {
  readonly outputs: LakehouseOutputs;

  constructor(name: string, { iamPolicySizeCheck = true, ...args }: LakehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before registering anything, so an oversized pipeline fails `pulumi preview` and `pulumi up` with nothing created.
    if (iamPolicySizeCheck) {
      try {
        assertRolePoliciesFit(args.pipeline);
      } catch (e) {
        // RunError prints just the message, without a stack trace.
        throw e instanceof RolePolicySizeError ? new pulumi.RunError(e.message) : e;
      }
    }
    super("stedi:infra:Lakehouse", name, {}, opts);
    const { pipeline, config } = args;
    const prefix = stackPrefix(pipeline);
    const parent = { parent: this };
    const awsContext = lookupAwsContext(parent);

    const storage = new LakeStorage(prefix, { ...args, aws: awsContext, ...(config.kmsKeyArn !== undefined ? { kmsKeyArn: config.kmsKeyArn } : {}) }, parent);
    const dataBucket = storage.data.name;
    const assetsBucket = storage.assets.name;

    const security = new LakeSecurity(prefix, { ...args, aws: awsContext }, parent);
    const catalog = new LakeCatalog(prefix, { ...args, dataBucket }, parent);
    const role = new GlueRole(`${prefix}-glue`, { ...args, aws: awsContext, dataBucket, assetsBucket, kmsKeyArn: security.kmsKeyArn }, parent);

    const quality = new DataQuality(`${prefix}-dq`, { ...args, aws: awsContext, database: catalog.database.name, tables: catalog.tables, roles: [role.role] }, parent);

    const shared = { roleArn: role.arn, securityConfigurationName: security.securityConfigurationName, database: catalog.database.name };
    // A job must not run before its role has its grants and its tables exist.
    const jobs = new GlueJobs(prefix, { ...args, ...shared, assetsBucket, dataBucket }, { parent: this, dependsOn: [...role.grants, ...quality.grants, ...catalog.tables.values()] });
    const jobNames = new Map([...jobs.jobs].map(([job, resource]) => [job, resource.name]));
    const workflow = new LakeWorkflow(prefix, { ...args, jobNames }, parent);

    const landingTables = pipeline.tables.filter((t) => t.zone === "landing");
    const crawler = config.crawlers
      ? new LandingCrawler(prefix, { ...args, ...shared, landingTables: landingTables.map((t) => catalog.tables.get(t.name)!) }, { parent: this, dependsOn: [...role.grants] })
      : undefined;

    this.outputs = {
      dataBucket,
      assetsBucket,
      database: catalog.database.name,
      workflow: workflow.name,
      jobs: pulumi.all([...jobNames.values()]),
      landingUploadUris: dataBucket.apply((bucket) => Object.fromEntries(landingTables.map((t) => [t.name, s3Uri(bucket, t.prefix)]))),
      crawler: crawler?.crawler.name,
      glueRoleArn: role.arn,
      securityConfiguration: security.securityConfigurationName,
      kmsKeyArn: security.kmsKeyArn,
    };
    this.registerOutputs({ ...this.outputs });
  }
}
