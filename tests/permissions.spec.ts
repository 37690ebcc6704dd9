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
import {
  deployCalls,
  secretsCalls,
  sequenceOf,
  smokeRunCalls,
  type StateBackend,
  stateCalls,
} from "../permissions/deploy-calls";
import { crawlerRunCalls, type JobAccount, jobRunCalls } from "../permissions/job-calls";
import { buildStack } from "../src/build";
import type { GlueVersion } from "../src/model/glue-versions";
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
/** Two projects in one account: stedi's dev and prod, and the shop's shop-dev, each with its own deploy role. */
const PROJECT_OF = { dev: "stedi", prod: "stedi", "shop-dev": "shop" } as const;
const ENVIRONMENTS = Object.keys(PROJECT_OF) as Environment[];

type Environment = keyof typeof PROJECT_OF;

/** Granted actions no recorded call needs, each with the reason it stays. */
const JOB_ROLE_EXCEPTIONS: Record<string, string> = {};
const DEPLOY_ROLE_EXCEPTIONS: Record<string, string> = Object.fromEntries(
  ENVIRONMENTS.flatMap((env) => [
    [
      `deploy-${env}#UseOwnKeysForTheSmokeRun`,
      "the smoke run uploads and reads SSE-KMS objects when the stack is given lakehouse:kmsKeyArn (not in these stacks)",
    ],
    // The bootstrap does not read stack settings, and any stack may turn lakehouse:crawlers on (prod has it off).
    ...["GetCrawler", "UpdateCrawler", "DeleteCrawler"].map((a) => [
      `deploy-${env}#ManageLakehouseGlue:glue:${a}`,
      "a stack may turn lakehouse:crawlers on",
    ]),
    [`deploy-${env}#GlueActionsWithoutResourceTypes:glue:CreateCrawler`, "a stack may turn lakehouse:crawlers on"],
  ]),
);
// The bootstrap does not read the projects either: the shop declares no data-quality rules today, but may.
for (const a of ["GetDataQualityRuleset", "UpdateDataQualityRuleset", "DeleteDataQualityRuleset"])
  DEPLOY_ROLE_EXCEPTIONS[`deploy-shop-dev#ManageLakehouseGlue:glue:${a}`] = "a project may declare data-quality rules";
DEPLOY_ROLE_EXCEPTIONS["deploy-shop-dev#GlueActionsWithoutResourceTypes:glue:CreateDataQualityRuleset"] =
  "a project may declare data-quality rules";

/** What every environment's deploys touch: IAM cannot tell them apart, or they belong to no environment. */
const SHARED_RESOURCES = (d: Deployment) => [
  "*",
  `arn:aws:athena:us-east-1:${ACCOUNT_ID}:workgroup/primary`,
  `arn:aws:s3:::${stateBackend(d).bucket}`,
  `arn:aws:s3:::${stateBackend(d).bucket}/.pulumi/meta.yaml`,
  stateBackend(d).keyArn,
];

/** Calls the provider would make that the policies refuse on purpose. */
const DENIED_BY_DESIGN: Record<string, string> = {
  "iam:DeleteRolePermissionsBoundary": "a job role never loses its boundary (NeverLiftABoundary)",
};

interface Deployment {
  readonly boot: BootstrapRun;
  readonly stacks: Record<Environment, ProgramRun>;
}

async function deploy(overrides: Record<string, string> = {}): Promise<Deployment> {
  const boot = await runBootstrap({
    "bootstrap:githubRepository": REPOSITORY,
    "aws:region": "us-east-1",
    "bootstrap:environments": JSON.stringify(PROJECT_OF),
  });
  const stacks = {} as Deployment["stacks"];
  for (const env of ENVIRONMENTS)
    stacks[env] = await runProgram(env, {
      "lakehouse:permissionsBoundaryArn": boot.outputs.permissionsBoundaryArn[env] as string,
      ...overrides,
    });
  return { boot, stacks };
}

interface PrincipalVerdicts {
  readonly principal: Principal;
  readonly calls: readonly Call[];
  readonly verdicts: readonly Verdict[];
}

function jobAccountOf(run: ProgramRun): JobAccount {
  return {
    partition: "aws",
    region: run.config.region,
    accountId: ACCOUNT_ID,
    database: run.outputs.database as string,
    dataBucket: run.outputs.dataBucket as string,
    kmsKeyArn: run.outputs.kmsKeyArn as string,
    s3KmsEncryption: run.config.kmsKeyArn !== undefined,
    kmsKeyTags: run.ofType(TYPES.key).find((k) => k.state.arn === run.outputs.kmsKeyArn)?.inputs.tags ?? {},
  };
}

/**
 * Each job role of a stack with the calls of one run of its job, evaluated. `callsAt`: the Glue version whose S3
 * connector makes the calls, when not the job's own (to show what one connector's grants refuse the other).
 */
async function jobRoleVerdicts(d: Deployment, env: Environment, callsAt?: GlueVersion): Promise<PrincipalVerdicts[]> {
  const run = d.stacks[env];
  const resources = run.resources as readonly DeployedResource[];
  const boundaries = boundariesOf(d.boot.resources as readonly DeployedResource[]);
  const pipeline = buildStack(run.config);
  const policies = resourcePoliciesOf(resources, "aws", ACCOUNT_ID);
  const account = jobAccountOf(run);
  const out: PrincipalVerdicts[] = [];
  for (const resource of run.ofType(TYPES.job)) {
    const job = pipeline.jobs.find((j) => j.name === resource.name);
    if (job === undefined) throw new Error(`Glue job ${resource.name} has no pipeline job.`);
    const principal = rolePrincipal(resources, resource.inputs.roleArn, `job role ${job.name} (${env})`, boundaries);
    const calls = jobRunCalls(
      {
        job,
        glueVersion: callsAt ?? resource.inputs.glueVersion,
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

const secretsKeyOf = (d: Deployment, env: string) =>
  d.boot.named(TYPES.key, `pulumi-secrets-${env}`).state.arn as string;

/** Every bucket and key policy of the bootstrap and the stacks. */
const allResourcePolicies = (d: Deployment) =>
  combinePolicies(
    resourcePoliciesOf(d.boot.resources as readonly DeployedResource[], "aws", ACCOUNT_ID),
    ...ENVIRONMENTS.map((env) =>
      resourcePoliciesOf(d.stacks[env].resources as readonly DeployedResource[], "aws", ACCOUNT_ID),
    ),
  );

const deploys = new WeakMap<Deployment, Map<Environment, Call[]>>();

/** What a deploy of stack `env` calls: every resource's provider sequence, its state and its secrets (built once). */
function deployOf(d: Deployment, env: Environment): Call[] {
  const known = deploys.get(d) ?? new Map<Environment, Call[]>();
  deploys.set(d, known);
  if (!known.has(env)) known.set(env, deployCallsOf(d, env));
  return known.get(env)!;
}

function deployCallsOf(d: Deployment, env: Environment): Call[] {
  const run = d.stacks[env];
  const account = { partition: "aws", region: run.config.region, accountId: ACCOUNT_ID };
  return [
    ...stateCalls(stateBackend(d), env, account, true),
    ...secretsCalls(secretsKeyOf(d, env), env),
    ...deployCalls(run.resources as readonly DeployedResource[], account),
    ...smokeRunCalls(smokeTarget(run), account),
  ];
}

function smokeTarget(run: ProgramRun) {
  const pipeline = buildStack(run.config);
  const key = run.ofType(TYPES.key).find((k) => k.state.arn === run.outputs.kmsKeyArn);
  return {
    dataBucket: run.outputs.dataBucket as string,
    assetsBucket: run.outputs.assetsBucket as string,
    database: run.outputs.database as string,
    workflow: run.outputs.workflow as string,
    landingPrefixes: pipeline.tables.filter((t) => t.zone === "landing").map((t) => t.prefix),
    tables: pipeline.tables.map((t) => ({ name: t.name, prefix: t.prefix })),
    ...(run.config.kmsKeyArn !== undefined && key
      ? { kmsKey: { arn: key.state.arn, tags: key.inputs.tags ?? {} } }
      : {}),
  };
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

  describe("per S3 connector: EMRFS on Glue 5.0, S3A on 5.1 and 6.0 (dev)", function () {
    let s3a: Deployment;
    before(async function () {
      s3a = await deploy({ "lakehouse:glueVersion": "6.0" });
    });
    const resourcesOf = (jobs: PrincipalVerdicts[], action: string) =>
      jobs.flatMap((j) => j.verdicts.filter((v) => v.call.action === action).map((v) => v.call.resource));

    it("lets every S3A job role make every call of its run, with no _$folder$ marker in them", async function () {
      const jobs = await jobRoleVerdicts(s3a, "dev");
      expect(denials(jobs).join("\n")).to.equal("");
      expect(jobs.flatMap((j) => unusedGrants(j.principal, j.verdicts, JOB_ROLE_EXCEPTIONS)).join("\n")).to.equal("");
      expect(jobs.flatMap((j) => j.calls).filter((c) => c.resource.includes("_$folder$"))).to.deep.equal([]);
      expect(resourcesOf(jobs, "s3:ListBucketMultipartUploads")).to.have.length.greaterThan(0);
    });

    it("refuses an S3A role EMRFS's _$folder$ markers, and nothing else EMRFS does", async function () {
      const denied = (await jobRoleVerdicts(s3a, "dev", "5.0")).flatMap((j) => deniedCalls(j.verdicts));
      expect(denied.length).to.be.greaterThan(0);
      expect(denied.filter((v) => !v.call.resource.includes("_$folder$")).map(describeDenial)).to.deep.equal([]);
    });

    it("refuses an EMRFS role S3A's listing of pending uploads, and nothing else S3A does", async function () {
      const denied = (await jobRoleVerdicts(d, "dev", "6.0")).flatMap((j) => deniedCalls(j.verdicts));
      expect(denied.length).to.be.greaterThan(0);
      expect(denied.filter((v) => v.call.action !== "s3:ListBucketMultipartUploads").map(describeDenial)).to.deep.equal(
        [],
      );
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
        const refused = deniedCalls(own).filter((v) => DENIED_BY_DESIGN[v.call.action] === undefined);
        expect(refused.map(describeDenial).join("\n")).to.equal("");
        for (const action of Object.keys(DENIED_BY_DESIGN))
          expect(own.filter((v) => v.call.action === action).map((v) => v.decision)).to.not.include("Allowed");
      });

      it("grants no action that none of those calls needs", function () {
        expect(unusedGrants(principal, own, DEPLOY_ROLE_EXCEPTIONS).join("\n")).to.equal("");
      });

      for (const other of ENVIRONMENTS.filter((e) => e !== env))
        it(`may touch nothing of ${other} (project ${PROJECT_OF[other]}): keys, state, secrets, tables, jobs, roles`, async function () {
          const shared = new Set(deployOf(d, env).map((c) => c.resource));
          const verdicts = await evaluateCalls(principal, deployOf(d, other), allResourcePolicies(d));
          // One request is authorized on every ARN it names (a table: catalog, database, table); it succeeds only if
          // all are allowed. Requests on nothing but what both stacks share (the catalog, the state bucket's listing
          // and version file, the state key through S3, and `*` for actions IAM cannot scope) are the one overlap.
          const requests = new Map<string, Verdict[]>();
          for (const v of verdicts)
            requests.set(`${v.call.step}|${v.call.action}`, [
              ...(requests.get(`${v.call.step}|${v.call.action}`) ?? []),
              v,
            ]);
          const reached = [...requests.values()].filter(
            (r) => r.every((v) => v.decision === "Allowed") && !r.every((v) => shared.has(v.call.resource)),
          );
          expect(requests.size).to.be.greaterThan(300);
          expect(
            reached
              .map((r) => `${r[0]!.call.action} (${r[0]!.call.step}) on ${r.map((v) => v.call.resource).join(", ")}`)
              .join("\n"),
          ).to.equal("");
          const overlap = [...requests.values()].filter((r) => r.every((v) => shared.has(v.call.resource)));
          expect([...new Set(overlap.flatMap((r) => r.map((v) => v.call.resource)))].sort()).to.deep.equal(
            SHARED_RESOURCES(d).sort(),
          );
        });

      it("may neither administer nor use a key of the account that is not its stack's", async function () {
        const foreign = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
        const calls: Call[] = ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:Decrypt", "kms:CreateGrant"].map(
          (action) => ({ action, resource: foreign, step: "an untagged key of the account", source: "issue 18" }),
        );
        calls.push({
          action: "kms:CreateKey",
          resource: "*",
          context: {
            [`aws:RequestTag/lakehouse:stack`]: ENVIRONMENTS.find((e) => e !== env)!,
            "aws:TagKeys": ["lakehouse:stack"],
          },
          step: "a key tagged for the other stack",
          source: "issue 18",
        });
        calls.push({ action: "kms:CreateKey", resource: "*", step: "an untagged key", source: "issue 18" });
        const verdicts = await evaluateCalls(principal, calls, allResourcePolicies(d));
        expect(verdicts.map((v) => v.decision)).to.not.include("Allowed");
      });
    });

  it("lets the crawler role make every call of a crawl, and grants it nothing more", async function () {
    const run = d.stacks.dev;
    const resources = run.resources as readonly DeployedResource[];
    const crawlers = run.ofType(TYPES.crawler);
    expect(crawlers).to.have.length(1);
    const crawler = crawlers[0]!;
    const boundaries = boundariesOf(d.boot.resources as readonly DeployedResource[]);
    const principal = rolePrincipal(resources, crawler.inputs.role, "crawler role (dev)", boundaries);
    const calls = crawlerRunCalls(
      {
        name: crawler.inputs.name,
        roleName: principal.arn.split("/").pop()!,
        securityConfiguration: crawler.inputs.securityConfiguration,
      },
      buildStack(run.config).tables,
      jobAccountOf(run),
    );
    const verdicts = await evaluateCalls(principal, calls, resourcePoliciesOf(resources, "aws", ACCOUNT_ID));
    expect(deniedCalls(verdicts).map(describeDenial).join("\n")).to.equal("");
    expect(unusedGrants(principal, verdicts).join("\n")).to.equal("");
  });

  describe("preview role", function () {
    let principal: Principal;
    let verdicts: Verdict[];
    before(async function () {
      principal = bootstrapRole(d, "preview", "preview role");
      const account = { partition: "aws", region: "us-east-1", accountId: ACCOUNT_ID };
      const calls = ENVIRONMENTS.flatMap((env) => [
        ...stateCalls(stateBackend(d), env, account, false),
        ...secretsCalls(secretsKeyOf(d, env), env).filter((c) => c.action === "kms:Decrypt"),
      ]);
      verdicts = await evaluateCalls(principal, calls, allResourcePolicies(d));
    });

    it("may read every stack's state and secrets and take its lock, as pulumi preview does", function () {
      expect(verdicts.length).to.be.greaterThan(10);
      expect(deniedCalls(verdicts).map(describeDenial).join("\n")).to.equal("");
      expect(unusedGrants(principal, verdicts).join("\n")).to.equal("");
    });

    it("may change no stack: every deploy call of every stack but the state reads is refused", async function () {
      const reads = new Set(verdicts.map((v) => `${v.call.action} ${v.call.resource}`));
      const changes = ENVIRONMENTS.flatMap((env) => deployOf(d, env)).filter(
        (c) => c.resource !== "*" && !reads.has(`${c.action} ${c.resource}`),
      );
      const allowed = (await evaluateCalls(principal, changes, allResourcePolicies(d))).filter(
        (v) => v.decision === "Allowed",
      );
      expect(changes.length).to.be.greaterThan(600);
      expect(allowed.map(describeDenial).join("\n")).to.equal("");
    });
  });
});
