/**
 * Permissions proven, not guessed: every call each principal makes, evaluated by a real IAM engine
 * (@cloud-copilot/iam-simulate) against the documents the programs register under mocks: identity
 * policies, permissions boundaries, bucket policies and key policies. Both ways: every recorded call must be
 * allowed, and every granted action must be needed by a recorded call (or carry a reason in EXCEPTIONS).
 */
import { expect } from "chai";
import {
  type Call,
  deniedCalls,
  describeDenial,
  evaluateCalls,
  type Principal,
  unusedGrants,
  type Verdict,
} from "../permissions/evaluate";
import { type JobAccount, jobRunCalls } from "../permissions/job-calls";
import { buildStack } from "../src/build";
import {
  boundariesOf,
  type DeployedResource,
  resourcePoliciesOf,
  rolePrincipal,
  TYPES,
} from "../permissions/principals";
import { ACCOUNT_ID, type BootstrapRun, type ProgramRun, runBootstrap, runProgram } from "./infra-harness";

const REPOSITORY = "acme/stedi-lakehouse";
const ENVIRONMENTS = ["dev", "prod"] as const;

type Environment = (typeof ENVIRONMENTS)[number];

/** Granted actions no recorded call needs, each with the reason it stays. */
const JOB_ROLE_EXCEPTIONS: Record<string, string> = {};

interface Deployment {
  readonly boot: BootstrapRun;
  readonly stacks: Record<Environment, ProgramRun>;
}

async function deploy(): Promise<Deployment> {
  const boot = await runBootstrap({ "bootstrap:githubRepository": REPOSITORY, "aws:region": "us-east-1" });
  const stacks = {} as Deployment["stacks"];
  for (const env of ENVIRONMENTS)
    stacks[env] = await runProgram(env, {
      "stedi:permissionsBoundaryArn": boot.outputs.permissionsBoundaryArn[env] as string,
    });
  return { boot, stacks };
}

interface PrincipalVerdicts {
  readonly principal: Principal;
  readonly calls: readonly Call[];
  readonly verdicts: readonly Verdict[];
}

/** Each job role of a stack with the calls of one run of its job, evaluated. */
async function jobRoleVerdicts(d: Deployment, env: Environment): Promise<PrincipalVerdicts[]> {
  const run = d.stacks[env];
  const resources = run.resources as readonly DeployedResource[];
  const boundaries = boundariesOf(d.boot.resources as readonly DeployedResource[]);
  const pipeline = buildStack(run.config);
  const policies = resourcePoliciesOf(resources, "aws", ACCOUNT_ID);
  const account: JobAccount = {
    partition: "aws",
    region: run.config.region,
    accountId: ACCOUNT_ID,
    database: run.outputs.database as string,
    dataBucket: run.outputs.dataBucket as string,
    kmsKeyArn: run.outputs.kmsKeyArn as string,
    s3KmsEncryption: run.config.kmsKeyArn !== undefined,
  };
  const out: PrincipalVerdicts[] = [];
  for (const resource of run.ofType(TYPES.job)) {
    const job = pipeline.jobs.find((j) => j.name === resource.name);
    if (job === undefined) throw new Error(`Glue job ${resource.name} has no pipeline job.`);
    const principal = rolePrincipal(resources, resource.inputs.roleArn, `job role ${job.name} (${env})`, boundaries);
    const calls = jobRunCalls(
      {
        job,
        arguments: resource.inputs.defaultArguments,
        scriptLocation: resource.inputs.command.scriptLocation,
        roleName: principal.arn.split("/").pop()!,
        securityConfiguration: resource.inputs.securityConfiguration,
      },
      pipeline.tables,
      account,
    );
    out.push({ principal, calls, verdicts: await evaluateCalls(principal, calls, policies) });
  }
  return out;
}

const denials = (all: readonly PrincipalVerdicts[]) => all.flatMap((p) => deniedCalls(p.verdicts).map(describeDenial));

describe("permissions: every call each principal makes, evaluated against its real policies", function () {
  let d: Deployment;
  before(async function () {
    d = await deploy();
  });

  for (const env of ENVIRONMENTS)
    describe(`stack ${env}`, function () {
      let jobs: PrincipalVerdicts[];
      before(async function () {
        jobs = await jobRoleVerdicts(d, env);
      });

      it("lets every job role make every call of its run on Glue", function () {
        expect(jobs.length).to.equal(d.stacks[env].ofType(TYPES.job).length).and.to.be.greaterThan(0);
        expect(jobs.every((j) => j.calls.length > 20)).to.equal(true);
        expect(denials(jobs).join("\n")).to.equal("");
      });

      it("grants no job role an action that no call of its run needs", function () {
        expect(jobs.flatMap((j) => unusedGrants(j.principal, j.verdicts, JOB_ROLE_EXCEPTIONS)).join("\n")).to.equal("");
      });
    });
});
