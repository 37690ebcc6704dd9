/**
 * The run order, as one Glue workflow per stack, derived from lineage (RenderedJob.upstreamJobs):
 * - one start trigger, ON_DEMAND or SCHEDULED with the stack's cron, starting every job with no upstream job;
 * - one CONDITIONAL trigger per other job, firing when ALL the jobs producing its inputs have SUCCEEDED.
 * A job added in the DSL gets its trigger from its reads; nothing here names a job.
 *
 * A deploy never starts a job. The AWS provider calls StartTrigger on an ON_DEMAND trigger created with
 * `enabled` left true, which runs the workflow's first jobs during `pulumi up`, before any landing data
 * is uploaded (terraform-provider-aws issues #38222, #42498; `enabled` is how it decides, #17413). So the
 * ON_DEMAND start trigger is created with `enabled: false` and `startOnCreation: false`; a workflow run
 * (`aws glue start-workflow-run`) still fires it. A SCHEDULED trigger is activated on creation, which only
 * arms its schedule; CONDITIONAL triggers must be activated or they never fire, and they only fire after a
 * job of a workflow run succeeds. See docs/decisions/infra-triggers.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RenderedJob } from "../src/render/types";
import { InfraComponent } from "./component-type";

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
    if (unknown.length)
      throw new Error(`Job ${j.name} waits for ${unknown.join(", ")}, which the pipeline does not contain.`);
  }
  if (jobs.length && jobs.every((j) => j.upstreamJobs.length))
    throw new Error("Every job waits for another, so the workflow has nothing to start with.");
  return {
    start: jobs.filter((j) => j.upstreamJobs.length === 0).map((j) => j.name),
    conditional: jobs.filter((j) => j.upstreamJobs.length > 0).map((j) => ({ job: j.name, after: j.upstreamJobs })),
  };
}

export interface LakeWorkflowArgs {
  readonly description: string;
  /** The pipeline's jobs with the jobs each waits for (RenderedJob.upstreamJobs). */
  readonly jobs: readonly Pick<RenderedJob, "name" | "upstreamJobs">[];
  /** Glue job names by pipeline job name. */
  readonly jobNames: ReadonlyMap<string, pulumi.Input<string>>;
  /** `lakehouse:schedule`: an AWS cron expression; on demand when absent. */
  readonly schedule?: string;
}

/** The start trigger's type and activation: scheduled and armed, or on demand and never started by the deploy. */
export function startTriggerMode(schedule: string | undefined) {
  return schedule !== undefined
    ? { type: "SCHEDULED", schedule, startOnCreation: true }
    : { type: "ON_DEMAND", enabled: false, startOnCreation: false };
}

export class LakeWorkflow extends InfraComponent {
  readonly workflow: aws.glue.Workflow;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: LakeWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("LakeWorkflow", name, opts);
    const prefix = name;
    const plan = planTriggers(args.jobs);
    const jobName = (job: string) => {
      const n = args.jobNames.get(job);
      if (n === undefined) throw new Error(`No Glue job was created for pipeline job ${job}.`);
      return n;
    };

    this.workflow = new aws.glue.Workflow(
      prefix,
      {
        name: prefix,
        description: args.description,
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
        ...startTriggerMode(args.schedule),
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
          predicate: {
            logical: "AND",
            conditions: after.map((upstream) => ({
              jobName: jobName(upstream),
              state: "SUCCEEDED",
              logicalOperator: "EQUALS",
            })),
          },
          actions: [{ jobName: jobName(job) }],
        },
        triggerOpts,
      );
    }

    this.registerOutputs({ name: this.name });
  }
}
