/**
 * The whole lakehouse for one stack, composed from one component per concern. Each component takes only
 * what it uses and names its children from its own `name`:
 *
 *   LakeStorage   (storage.ts)        data + assets buckets, each a SecureBucket (secure-bucket.ts)
 *   LakeSecurity  (security.ts)       KMS key (when none configured; policy in key-policy.ts) + Glue security
 *                                     configuration
 *   LakeCatalog   (catalog.ts)        Glue database + one table per pipeline table (format:
 *                                     src/render/storage-format.ts)
 *   GlueJobs      (jobs.ts)           per pipeline job: its script object, its own role (iam.ts; grants from that job's
 *                                     lineage, s3-access.ts + role-policies.ts) and its Glue job
 *   LakeWorkflow  (orchestration.ts)  workflow, start trigger, a conditional trigger per dependent job
 *   LandingCrawler (crawlers.ts)      optional schema-drift crawler over the landing tables, with its own role
 *   DataQuality   (data-quality.ts)   a Glue Data Quality ruleset per table with rules; the job roles' right to publish
 *                                     outcomes
 *
 * Everything is a function of the RenderedPipeline and the StackConfig; nothing here names a job or table.
 */
import * as pulumi from "@pulumi/pulumi";
import { LakeCatalog } from "./catalog";
import { InfraComponent } from "./component-type";
import { type LakehouseInputs, lookupAwsContext } from "./context";
import { LandingCrawler } from "./crawlers";
import { DataQuality } from "./data-quality";
import { GlueJobs } from "./jobs";
import { describeOptions } from "../src/render/options";
import { s3Uri } from "./naming";
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
  /** The IAM role of each job (by pipeline job name) and of the crawler (`crawler`, when there is one). */
  readonly roleArns: pulumi.Output<Record<string, string>>;
  readonly securityConfiguration: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  /**
   * Each table's format, as deployed: a parquet or JSON table's once its catalog table is, an Iceberg table's once
   * the job that creates it is. The next deploy compares with it (infra/table-formats.ts).
   */
  readonly tableFormats: pulumi.Output<Record<string, string>>;
}

export interface LakehouseArgs extends LakehouseInputs {
  /**
   * `false` skips the check that every role's inline policies fit AWS's 10,240-character limit (per role).
   * Only for bench/pulumi-mocks-child.ts, which times the program for pipelines far over the limit;
   * a real stack must never set it, as AWS would reject the role's policy halfway through `pulumi up`.
   */
  readonly iamPolicySizeCheck?: boolean;
}

export class Lakehouse extends InfraComponent {
  readonly outputs: LakehouseOutputs;

  constructor(
    name: string,
    { iamPolicySizeCheck = true, ...args }: LakehouseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Before registering anything, so an oversized pipeline fails `pulumi preview` and `pulumi up` with nothing
    // created.
    if (iamPolicySizeCheck) {
      try {
        assertRolePoliciesFit(args.pipeline, args.config.crawlers);
      } catch (e) {
        // RunError prints just the message, without a stack trace.
        throw e instanceof RolePolicySizeError ? new pulumi.RunError(e.message) : e;
      }
    }
    super("Lakehouse", name, opts);
    const { pipeline, config } = args;
    const parent = { parent: this };
    const awsContext = lookupAwsContext(parent);
    const configuredKey = config.kmsKeyArn !== undefined ? { kmsKeyArn: config.kmsKeyArn } : {};

    const storage = new LakeStorage(
      name,
      { partition: awsContext.partition, storage: config.storage, ...configuredKey },
      parent,
    );
    const dataBucket = storage.data.name;
    const assetsBucket = storage.assets.name;

    const security = new LakeSecurity(name, { aws: awsContext, region: config.region, ...configuredKey }, parent);
    const catalog = new LakeCatalog(
      name,
      {
        database: pipeline.database,
        description: `The ${pipeline.name} lakehouse, stack ${pipeline.stack} (${describeOptions(pipeline.options)}).`,
        tables: pipeline.tables,
        dataBucket,
      },
      parent,
    );

    const shared = {
      aws: awsContext,
      region: config.region,
      dataBucket,
      assetsBucket,
      database: catalog.database.name,
      kmsKeyArn: security.kmsKeyArn,
      securityConfigurationName: security.securityConfigurationName,
      ...(config.permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn: config.permissionsBoundaryArn } : {}),
    };
    // A job must not run before its tables exist; its script is uploaded once the assets bucket has all its settings.
    const jobs = new GlueJobs(
      name,
      { ...shared, jobs: pipeline.jobs, tables: pipeline.tables, settings: config.jobs },
      { parent: this, dependsOn: [storage.assets.ready, ...catalog.tables.values()] },
    );
    // Each table with rules becomes a Glue ruleset; each job evaluating rules may publish their outcomes.
    const quality = new DataQuality(
      `${name}-dq`,
      {
        ...args,
        aws: awsContext,
        database: catalog.database.name,
        tables: catalog.tables,
        roles: new Map(
          pipeline.jobs.filter((j) => j.quality.length).map((j) => [j.name, jobs.roles.get(j.name)!.role]),
        ),
      },
      parent,
    );
    const jobNames = new Map([...jobs.jobs].map(([job, resource]) => [job, resource.name]));
    const workflow = new LakeWorkflow(
      name,
      {
        description: `Runs the ${pipeline.name} jobs of stack ${pipeline.stack} in lineage order.`,
        jobs: pipeline.jobs,
        jobNames,
        ...(config.schedule !== undefined ? { schedule: config.schedule } : {}),
      },
      // The workflow starts jobs only once their roles may publish data-quality outcomes.
      { parent: this, dependsOn: [...quality.grants] },
    );

    const landingTables = pipeline.tables.filter((t) => t.zone === "landing");
    const crawler = config.crawlers
      ? new LandingCrawler(
          name,
          { ...shared, tables: pipeline.tables, landingTables: landingTables.map((t) => catalog.tables.get(t.name)!) },
          parent,
        )
      : undefined;

    const roleArns: Record<string, pulumi.Output<string>> = Object.fromEntries(
      [...jobs.roles].map(([job, role]) => [job, role.arn]),
    );
    if (crawler) roleArns.crawler = crawler.role.arn;

    this.outputs = {
      dataBucket,
      assetsBucket,
      database: catalog.database.name,
      workflow: workflow.name,
      jobs: pulumi.all([...jobNames.values()]),
      landingUploadUris: dataBucket.apply((bucket) =>
        Object.fromEntries(landingTables.map((t) => [t.name, s3Uri(bucket, t.prefix)])),
      ),
      crawler: crawler?.crawler.name,
      roleArns: pulumi.all(roleArns),
      securityConfiguration: security.securityConfigurationName,
      kmsKeyArn: security.kmsKeyArn,
      tableFormats: pulumi.all(
        Object.fromEntries(
          pipeline.tables.map((t) => {
            const deployedBy = catalog.tables.get(t.name)?.name ?? jobs.jobs.get(t.producer ?? "")?.name;
            return [t.name, (deployedBy ?? catalog.database.name).apply(() => t.format)];
          }),
        ),
      ),
    };
    this.registerOutputs({ ...this.outputs });
  }
}
