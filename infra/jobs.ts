/**
 * The jobs: for each RenderedJob, its script uploaded to the assets bucket, its own IAM role (iam.ts,
 * with grants from that job's lineage) and a Glue Spark job, at the stack's `lakehouse:glueVersion`, that runs the
 * script as that role. The
 * script's key holds a hash of its content, so a changed script is a new object and every job run reads
 * exactly the script that was deployed with it.
 * Glue version, worker type and count, execution class, timeout, retries and bookmarks come from the stack config.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GLUE_VERSION_FACTS, type GlueVersion, type StackConfig } from "../src/config/stack-config";
import type { ArgumentPlace, RenderedJob, RenderedTable } from "../src/render/types";
import { InfraComponent } from "./component-type";
import type { AwsContext } from "./context";
import { GlueServiceRole } from "./iam";
import { ASSETS, jobAssetPrefix, s3Uri, scriptKey } from "./naming";
import { encryptionDocument, jobDataAccessDocument } from "./role-policies";
import { formatJobArguments } from "../src/table-formats";

export interface JobPlaces {
  readonly assetsBucket: string;
  readonly dataBucket: string;
  readonly database: string;
  /** The stack's region (`aws:region`): S3A must be told it (see connectorSparkConf). */
  readonly region: string;
}

/**
 * Spark settings the version's S3 connector needs. 5.1 and 6.0 read `s3://` through S3A, which "defaults to region
 * us-east-2" when neither `spark.hadoop.fs.s3a.endpoint` nor `.endpoint.region` is set, and that "can cause issues,
 * such as S3 upload timeout errors" (docs.aws.amazon.com/glue/latest/dg/migrating-version-51.html, "Breaking
 * changes"; 6.0 has S3A only, migrating-version-60.html). EMRFS on 5.0 finds the region itself.
 */
export function connectorSparkConf(version: GlueVersion, region: string): string[] {
  return GLUE_VERSION_FACTS[version].s3Connector === "s3a" ? [`spark.hadoop.fs.s3a.endpoint.region=${region}`] : [];
}

/**
 * The job's default arguments: Glue's own switches, then what the script reads with getResolvedOptions (the
 *   contract's `job.arguments`, each given this stack's value of its place).
 * - Bookmarks are enabled only when the stack asks for them AND the job is bookmark-safe: every source is
 *   one bookmarks track and every sink appends (src/render/bookmarks.ts).
 * - No `--enable-continuous-cloudwatch-log`: that is a Glue 4.0-and-earlier switch. Glue 5.0 logs in real
 *   time to `/aws-glue/jobs/error` and `/aws-glue/jobs/output`, which the job's role may write; 5.0 deprecates the
 *   continuous-log switches (migrating-version-50.html, "Logging behavior changes"), and 5.1 and 6.0 keep "all
 *   existing job parameters and major features" of 5.x and name no logging or bookmark change
 *   (migrating-version-51.html, -60.html), so these switches are the same on every version.
 * - 5.1 and 6.0 add the S3A region to `--conf` (connectorSparkConf), after the formats' settings.
 * - Temp dir and Spark UI logs live under the job's own prefixes, so its role can be scoped to them.
 * - Jobs that read or write Iceberg tables get `--datalake-formats iceberg` and the `glue_catalog` `--conf`
 * (the formats' modules, src/table-formats/).
 * - No `--enable-glue-datacatalog`: it makes the Data Catalog Spark's session catalog, which no script uses
 *   (catalog reads and sinks go through GlueContext's own catalog client, Iceberg through `glue_catalog`), and
 *   with it Glue creates the `default` database when it is missing, which the roles may not do
 *   (docs/decisions/infra-no-session-catalog.md).
 */
export function jobArguments(
  job: Pick<RenderedJob, "name" | "bookmarkSafe" | "arguments" | "datalakeFormats">,
  settings: Pick<StackConfig["jobs"], "bookmarks" | "glueVersion">,
  places: JobPlaces,
): Record<string, string> {
  const placeValues: Record<ArgumentPlace, string> = {
    database: places.database,
    lakeRoot: `s3://${places.dataBucket}`,
  };
  const formats = formatJobArguments(job.datalakeFormats, places.dataBucket);
  // Glue's `--conf` is one parameter: the first setting bare, every further one after ` --conf `.
  const conf = [formats["--conf"], ...connectorSparkConf(settings.glueVersion, places.region)].filter(Boolean);
  return {
    "--job-language": "python",
    "--job-bookmark-option": settings.bookmarks && job.bookmarkSafe ? "job-bookmark-enable" : "job-bookmark-disable",
    "--TempDir": s3Uri(places.assetsBucket, jobAssetPrefix(ASSETS.temp, job.name)),
    "--enable-metrics": "true",
    "--enable-spark-ui": "true",
    "--spark-event-logs-path": s3Uri(places.assetsBucket, jobAssetPrefix(ASSETS.sparkUiLogs, job.name)),
    ...formats,
    ...(conf.length ? { "--conf": conf.join(" --conf ") } : {}),
    ...Object.fromEntries(job.arguments.map((a) => [`--${a.name}`, placeValues[a.place]])),
  };
}

export interface GlueJobsArgs {
  readonly jobs: readonly RenderedJob[];
  /** Every pipeline table: a job's grants need the zones and partition keys of what it reads and writes. */
  readonly tables: readonly RenderedTable[];
  readonly settings: StackConfig["jobs"];
  readonly aws: AwsContext;
  readonly region: string;
  readonly assetsBucket: pulumi.Input<string>;
  readonly dataBucket: pulumi.Input<string>;
  readonly database: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly securityConfigurationName: pulumi.Input<string>;
  /** `lakehouse:permissionsBoundaryArn`, set on every job role. */
  readonly permissionsBoundaryArn?: string;
}

export class GlueJobs extends InfraComponent {
  /** By pipeline job name, in lineage order. */
  readonly jobs: ReadonlyMap<string, aws.glue.Job>;
  readonly scripts: ReadonlyMap<string, aws.s3.BucketObjectv2>;
  readonly roles: ReadonlyMap<string, GlueServiceRole>;

  constructor(name: string, args: GlueJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("GlueJobs", name, opts);
    const { settings } = args;
    const jobs = new Map<string, aws.glue.Job>();
    const scripts = new Map<string, aws.s3.BucketObjectv2>();
    const roles = new Map<string, GlueServiceRole>();
    const places = pulumi
      .all([args.assetsBucket, args.dataBucket, args.database])
      .apply(([assetsBucket, dataBucket, database]): JobPlaces => ({
        assetsBucket,
        dataBucket,
        database,
        region: args.region,
      }));
    const names = pulumi.all([args.aws.partition, args.aws.accountId, places]).apply(([partition, accountId, p]) => ({
      partition,
      accountId,
      region: args.region,
      database: p.database,
      dataBucket: p.dataBucket,
      assetsBucket: p.assetsBucket,
    }));

    for (const job of args.jobs) {
      const script = new aws.s3.BucketObjectv2(
        `${job.name}-script`,
        { bucket: args.assetsBucket, key: scriptKey(job), content: job.script, contentType: "text/x-python" },
        { parent: this },
      );
      const role = new GlueServiceRole(
        `${name}-${job.name}`,
        {
          description: `Runs the Glue job ${name}-${job.name}: reads its inputs, writes its outputs, nothing else.`,
          dataAccess: names.apply((t) =>
            jobDataAccessDocument(job, args.tables, t, GLUE_VERSION_FACTS[settings.glueVersion].s3Connector),
          ),
          encryption: pulumi.output(args.kmsKeyArn).apply(encryptionDocument),
          ...(args.permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn: args.permissionsBoundaryArn } : {}),
        },
        { parent: this },
      );

      jobs.set(
        job.name,
        new aws.glue.Job(
          job.name,
          {
            name: `${name}-${job.name}`,
            ...(job.description !== undefined ? { description: job.description } : {}),
            roleArn: role.arn,
            glueVersion: settings.glueVersion,
            command: {
              name: "glueetl",
              pythonVersion: "3",
              scriptLocation: pulumi.all([script.bucket, script.key]).apply(([bucket, k]) => s3Uri(bucket, k)),
            },
            workerType: settings.workerType,
            numberOfWorkers: settings.numberOfWorkers,
            executionClass: settings.executionClass,
            timeout: settings.timeoutMinutes,
            maxRetries: settings.maxRetries,
            // Two concurrent runs of one overwrite job would purge each other's output.
            executionProperty: { maxConcurrentRuns: 1 },
            securityConfiguration: args.securityConfigurationName,
            defaultArguments: places.apply((p) => jobArguments(job, settings, p)),
          },
          // A job must not run before its role has its grants.
          { parent: this, dependsOn: [...role.grants] },
        ),
      );
      scripts.set(job.name, script);
      roles.set(job.name, role);
    }
    this.jobs = jobs;
    this.scripts = scripts;
    this.roles = roles;
    this.registerOutputs({ jobNames: [...jobs.values()].map((j) => j.name) });
  }
}
