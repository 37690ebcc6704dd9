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
import { deployCalls, secretsCalls, sequenceOf, type StateBackend, stateCalls } from "../permissions/deploy-calls";
import { type JobAccount, jobRunCalls } from "../permissions/job-calls";
import { buildStack } from "../src/build";
import {
  boundariesOf,
  combinePolicies,
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
const DEPLOY_ROLE_EXCEPTIONS: Record<string, string> = {};

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

/** The bootstrap's roles as principals. */
function bootstrapRole(d: Deployment, name: string, label: string): Principal {
  const role = d.boot.named(TYPES.role, name);
  return rolePrincipal(d.boot.resources as readonly DeployedResource[], role.state.arn, label);
}

function stateBackend(d: Deployment): StateBackend {
  return {
    bucket: d.boot.outputs.stateBucketName as string,
    keyArn: d.boot.named(TYPES.key, "pulumi-state").state.arn as string,
    project: "stedi-lakehouse",
  };
}

const secretsKeyOf = (d: Deployment, env: string) => d.boot.named(TYPES.key, `pulumi-secrets-${env}`).state.arn as string;

/** Every bucket and key policy of both programs. */
const allResourcePolicies = (d: Deployment) =>
  combinePolicies(
    resourcePoliciesOf(d.boot.resources as readonly DeployedResource[], "aws", ACCOUNT_ID),
    ...ENVIRONMENTS.map((env) => resourcePoliciesOf(d.stacks[env].resources as readonly DeployedResource[], "aws", ACCOUNT_ID)),
  );

/** What a deploy of stack `env` calls: every resource's provider sequence, its state and its secrets. */
function deployOf(d: Deployment, env: Environment): Call[] {
  const run = d.stacks[env];
  const account = { partition: "aws", region: run.config.region, accountId: ACCOUNT_ID };
  return [
    ...stateCalls(stateBackend(d), env, account, true),
    ...secretsCalls(secretsKeyOf(d, env), env),
    ...deployCalls(run.resources as readonly DeployedResource[], account),
  ];
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

  it("has a provider call sequence for every resource type either program registers", function () {
    const types = new Set(
      [d.boot, ...ENVIRONMENTS.map((env) => d.stacks[env])].flatMap((run) => run.resources.map((r) => r.type)),
    );
    const missing = [...types].filter((t) => t.startsWith("aws:") && sequenceOf(t) === undefined);
    expect(missing).to.deep.equal([]);
    expect(types.size).to.be.greaterThan(15);
  });

  for (const env of ENVIRONMENTS)
    describe(`deploy role ${env}`, function () {
      let principal: Principal;
      let own: Verdict[];
      before(async function () {
        principal = bootstrapRole(d, `deploy-${env}`, `deploy role ${env}`);
        own = await evaluateCalls(principal, deployOf(d, env), allResourcePolicies(d));
      });

      it("may make every call the provider makes to create, read, update, tag and delete its stack", function () {
        expect(own.length).to.be.greaterThan(300);
        expect(own.filter((v) => v.decision !== "Allowed" && v.call.tolerated === undefined).map(describeDenial).join("\n")).to.equal("");
      });

      it("grants no action that none of those calls needs", function () {
        expect(unusedGrants(principal, own, DEPLOY_ROLE_EXCEPTIONS).join("\n")).to.equal("");
      });

      it("may touch nothing of the other environment: keys, state, secrets, tables, jobs, roles", async function () {
        const other = ENVIRONMENTS.find((e) => e !== env)!;
        // Actions IAM cannot scope to a resource are the one overlap (listed in infra-iam-grants.md).
        const scoped = deployOf(d, other).filter((c) => c.resource !== "*");
        const verdicts = await evaluateCalls(principal, scoped, allResourcePolicies(d));
        const allowed = verdicts.filter((v) => v.decision === "Allowed");
        expect(scoped.length).to.be.greaterThan(300);
        expect(allowed.map((v) => `${v.call.action} on ${v.call.resource} (${v.call.step})`).join("\n")).to.equal("");
      });

      it("may neither administer nor use a key of the account that is not its stack's", async function () {
        const foreign = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
        const calls: Call[] = ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:Decrypt", "kms:CreateGrant"].map(
          (action) => ({ action, resource: foreign, step: "an untagged key of the account", source: "issue 18" }),
        );
        calls.push({
          action: "kms:CreateKey",
          resource: "*",
          context: { [`aws:RequestTag/lakehouse:stack`]: env === "dev" ? "prod" : "dev", "aws:TagKeys": ["lakehouse:stack"] },
          step: "a key tagged for the other stack",
          source: "issue 18",
        });
        calls.push({ action: "kms:CreateKey", resource: "*", step: "an untagged key", source: "issue 18" });
        const verdicts = await evaluateCalls(principal, calls, allResourcePolicies(d));
        expect(verdicts.map((v) => v.decision)).to.not.include("Allowed");
      });
    });
});
