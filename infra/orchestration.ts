/**
 * The run order, as one Glue workflow per stack, derived from lineage (RenderedJob.upstreamJobs):
 * - one start trigger, ON_DEMAND or SCHEDULED with the stack's cron, starting every job with no upstream job;
 * - one CONDITIONAL trigger per other job, firing when ALL the jobs producing its inputs have SUCCEEDED.
 * A job added in the DSL gets its trigger from its reads; nothing here names a job.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RenderedJob } from "../src/render/types";
import type { LakehouseInputs } from "./context";
import { stackPrefix } from "./naming";

export interface TriggerPlan {
  /** Jobs the start trigger runs. */
  readonly start: readonly string[];
  /** One entry per job that waits for others. */
  readonly conditional: readonly { readonly job: string; readonly after: readonly string[] }[];
}

export function planTriggers(jobs: readonly Pick<RenderedJob, "name" | "upstreamJobs">[]): TriggerPlan {
  const names = new Set(jobs.map((j) => j.name));
  for (const j of jobs) {
    const unknown = j.upstreamJobs.filter((u) => !names.has(u));
    if (unknown.length) throw new Error(`Job ${j.name} waits for ${unknown.join(", ")}, which the pipeline does not contain.`);
  }
  if (jobs.length && jobs.every((j) => j.upstreamJobs.length)) throw new Error("Every job waits for another, so the workflow has nothing to start with.");
  return {
    start: jobs.filter((j) => j.upstreamJobs.length === 0).map((j) => j.name),
    conditional: jobs.filter((j) => j.upstreamJobs.length > 0).map((j) => ({ job: j.name, after: j.upstreamJobs })),
  };
}

export interface LakeWorkflowArgs extends LakehouseInputs {
  /** Glue job names by pipeline job name. */
  readonly jobNames: ReadonlyMap<string, pulumi.Input<string>>;
}

export class LakeWorkflow extends pulumi.ComponentResource {
  readonly workflow: aws.glue.Workflow;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: LakeWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:LakeWorkflow", name, {}, opts);
    const prefix = stackPrefix(args.pipeline);
    const { schedule } = args.config;
    const plan = planTriggers(args.pipeline.jobs);
    const jobName = (job: string) => {
      const n = args.jobNames.get(job);
      if (n === undefined) throw new Error(`No Glue job was created for pipeline job ${job}.`);
      return n;
    };

    this.workflow = new aws.glue.Workflow(
      prefix,
      {
        name: prefix,
        description: `Runs the ${args.pipeline.name} jobs of stack ${args.pipeline.stack} in lineage order.`,
        // Overlapping runs would race: overwrite jobs purge the tables the other run is writing.
        maxConcurrentRuns: 1,
      },
      { parent: this },
    );
    this.name = this.workflow.name;

    // Trigger names are fixed, so a replacement (e.g. ON_DEMAND ↔ SCHEDULED) must delete the old one first.
    const triggerOpts = { parent: this, deleteBeforeReplace: true };
    new aws.glue.Trigger(
      `${prefix}-start`,
      {
        name: `${prefix}-start`,
        workflowName: this.workflow.name,
        ...(schedule !== undefined ? { type: "SCHEDULED", schedule, startOnCreation: true } : { type: "ON_DEMAND" }),
        actions: plan.start.map((job) => ({ jobName: jobName(job) })),
      },
      triggerOpts,
    );

    for (const { job, after } of plan.conditional) {
      new aws.glue.Trigger(
        `${prefix}-${job}`,
        {
          name: `${prefix}-${job}`,
          workflowName: this.workflow.name,
          type: "CONDITIONAL",
          // A conditional trigger is created deactivated unless told otherwise, and would never fire.
          startOnCreation: true,
          predicate: { logical: "AND", conditions: after.map((upstream) => ({ jobName: jobName(upstream), state: "SUCCEEDED", logicalOperator: "EQUALS" })) },
          actions: [{ jobName: jobName(job) }],
        },
        triggerOpts,
      );
    }

    this.registerOutputs({ name: this.name });
  }
}
