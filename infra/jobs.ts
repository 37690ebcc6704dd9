/**
 * The jobs: for each RenderedJob, its script uploaded to the assets bucket and a Glue 5.0 Spark job
 * that runs it. The script's key holds a hash of its content, so a changed script is a new object and
 * every job run reads exactly the script that was deployed with it.
 * Worker type and count, execution class, timeout, retries and bookmarks come from the stack config.
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../src/config/stack-config";
import type { JobArgument, RenderedJob } from "../src/render/types";
import type { LakehouseInputs } from "./context";
import { icebergJobArguments } from "./iceberg";
import { ASSETS, glueJobName, s3Uri } from "./naming";

export const GLUE_VERSION = "5.0";

/** `scripts/customer_landing_to_trusted-<first 16 hex of sha256>.py` */
export function scriptKey(job: Pick<RenderedJob, "name" | "script">): string {
  const digest = createHash("sha256").update(job.script, "utf8").digest("hex").slice(0, 16);
  return `${ASSETS.scripts}${job.name}-${digest}.py`;
}

export interface JobPlaces {
  readonly assetsBucket: string;
  readonly dataBucket: string;
  readonly database: string;
}

/**
 * The job's default arguments: Glue's own switches, then what the script reads with getResolvedOptions.
 * Bookmarks are enabled only when the stack asks for them AND every sink of the job appends: an
 * overwrite job with bookmarks on would skip the rows it already saw and write an incomplete table.
 */
export function jobArguments(job: RenderedJob, settings: StackConfig["jobs"], places: JobPlaces): Record<string, string> {
  const scriptArguments: Record<JobArgument, string> = {
    DATABASE: places.database,
    LAKE_ROOT: `s3://${places.dataBucket}`,
  };
  return {
    "--job-language": "python",
    "--job-bookmark-option": settings.bookmarks && job.bookmarkSafe ? "job-bookmark-enable" : "job-bookmark-disable",
    "--TempDir": s3Uri(places.assetsBucket, ASSETS.temp),
    "--enable-metrics": "true",
    "--enable-spark-ui": "true",
    "--spark-event-logs-path": s3Uri(places.assetsBucket, `${ASSETS.sparkUiLogs}${job.name}/`),
    "--enable-continuous-cloudwatch-log": "true",
    "--enable-glue-datacatalog": "true",
    ...icebergJobArguments(job, places.dataBucket),
    ...Object.fromEntries(job.arguments.map((a) => [`--${a}`, scriptArguments[a]])),
  };
}

export interface GlueJobsArgs extends LakehouseInputs {
  readonly assetsBucket: pulumi.Input<string>;
  readonly dataBucket: pulumi.Input<string>;
  readonly database: pulumi.Input<string>;
  readonly roleArn: pulumi.Input<string>;
  readonly securityConfigurationName: pulumi.Input<string>;
}

export class GlueJobs extends pulumi.ComponentResource {
  /** By pipeline job name, in lineage order. */
  readonly jobs: ReadonlyMap<string, aws.glue.Job>;
  readonly scripts: ReadonlyMap<string, aws.s3.BucketObjectv2>;

  constructor(name: string, args: GlueJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:GlueJobs", name, {}, opts);
    const { pipeline, config } = args;
    const settings = config.jobs;
    const jobs = new Map<string, aws.glue.Job>();
    const scripts = new Map<string, aws.s3.BucketObjectv2>();
    const places = pulumi.all([args.assetsBucket, args.dataBucket, args.database]).apply(([assetsBucket, dataBucket, database]): JobPlaces => ({ assetsBucket, dataBucket, database }));

    for (const job of pipeline.jobs) {
      const key = scriptKey(job);
      const script = new aws.s3.BucketObjectv2(`${job.name}-script`, { bucket: args.assetsBucket, key, content: job.script, contentType: "text/x-python" }, { parent: this });

      jobs.set(
        job.name,
        new aws.glue.Job(
          job.name,
          {
            name: glueJobName(pipeline, job.name),
            ...(job.description !== undefined ? { description: job.description } : {}),
            roleArn: args.roleArn,
            glueVersion: GLUE_VERSION,
            command: { name: "glueetl", pythonVersion: "3", scriptLocation: pulumi.all([script.bucket, script.key]).apply(([bucket, k]) => s3Uri(bucket, k)) },
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
          { parent: this },
        ),
      );
      scripts.set(job.name, script);
    }
    this.jobs = jobs;
    this.scripts = scripts;
    this.registerOutputs({ jobNames: [...jobs.values()].map((j) => j.name) });
  }
}
