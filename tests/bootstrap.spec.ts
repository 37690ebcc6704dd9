/**
 * bootstrap/ under mocks: the GitHub OIDC provider, trust limited to this repository and one environment,
 * deploy roles scoped to their own lakehouse stack and unable to create a role above the boundary, a
 * read-only preview role, the state bucket's guardrails; every document lint-clean (parliament) and the
 * policy pack passing. Then the other side: every name the lakehouse dev stack (project stedi) and the shop-dev
 * stack (project shop) create is inside its own deploy role's patterns and outside the other's, and its roles carry
 * the boundary when configured.
 */
import { expect } from "chai";
import { resourcePolicies } from "../policy/policies";
import { BootstrapSettingsError, parseBootstrapSettings } from "../bootstrap/settings";
import { LAKEHOUSE_PROJECT } from "../bootstrap/policies";
import { describeFindings, lintPolicies, type PolicyDocumentToLint } from "./helpers/policy-lint";
import {
  ACCOUNT_ID,
  type BootstrapRun,
  type CapturedResource,
  type ProgramRun,
  resourceViolations,
  runBootstrap,
  runProgram,
} from "./infra-harness";

const REPOSITORY = "acme/stedi-lakehouse";
const OIDC_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;

const T = {
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  bucket: "aws:s3/bucket:Bucket",
  key: "aws:kms/key:Key",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
};
const list = <X>(v: X | X[] | undefined): X[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (policy: string): Statement[] => JSON.parse(policy).Statement;
const allows = (policy: string) => statements(policy).filter((s) => s.Effect === "Allow");
/** IAM's wildcard match, for checking a physical name against a policy's resource pattern. */
const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);
const allowedOn = (policy: string, action: string, arn: string) =>
  allows(policy).some((s) => list(s.Action).includes(action) && list(s.Resource).some((r) => matches(r, arn)));

describe("bootstrap: the once-per-account Pulumi program", function () {
  let run: BootstrapRun;
  const deployPolicy = (env: string): string => run.named(T.rolePolicy, `deploy-${env}`).inputs.policy;

  before(async function () {
    run = await runBootstrap({ "bootstrap:githubRepository": REPOSITORY, "aws:region": "us-east-1" });
  });

  it("creates GitHub's OIDC provider for the STS audience", function () {
    const [provider] = run.ofType(T.oidc);
    expect(run.ofType(T.oidc)).to.have.length(1);
    expect(provider!.inputs).to.deep.include({
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    });
    expect(run.outputs.githubOidcProviderArn).to.equal(OIDC_ARN);
  });

  for (const env of ["dev", "prod"]) {
    it(`trusts the ${env} deploy role only to this repository's jobs in GitHub environment ${env}`, function () {
      const trust = statements(run.named(T.role, `deploy-${env}`).inputs.assumeRolePolicy);
      expect(trust).to.deep.equal([
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: OIDC_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": `repo:${REPOSITORY}:environment:${env}`,
            },
          },
        },
      ]);
    });
  }

  it("trusts the preview role only to this repository's pull-request jobs", function () {
    const [trust] = statements(run.named(T.role, "preview").inputs.assumeRolePolicy);
    expect(trust!.Condition).to.deep.equal({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": `repo:${REPOSITORY}:pull_request`,
      },
    });
  });

  it("scopes each deploy role to its own stack: no name of another environment, Resource * only where IAM cannot scope", function () {
    for (const [env, other] of [
      ["dev", "prod"],
      ["prod", "dev"],
    ] as const) {
      const policy = deployPolicy(env);
      expect(policy, `${env} deploy policy`).to.not.match(new RegExp(`stedi[-_]${other}`));
      const star = allows(policy)
        .filter((s) => list(s.Resource).includes("*"))
        .flatMap((s) => list(s.Action));
      expect(star.sort()).to.deep.equal([
        "glue:CreateCrawler",
        "glue:CreateDataQualityRuleset",
        "glue:CreateSecurityConfiguration",
        "glue:DeleteSecurityConfiguration",
        "glue:GetSecurityConfiguration",
        "kms:CreateKey",
        "kms:ListAliases",
      ]);
      expect(
        allowedOn(
          policy,
          "s3:PutObject",
          `arn:aws:s3:::${run.outputs.stateBucketName}/.pulumi/stacks/${LAKEHOUSE_PROJECT}/${env}.json`,
        ),
      ).to.equal(true);
      expect(
        allowedOn(
          policy,
          "s3:PutObject",
          `arn:aws:s3:::${run.outputs.stateBucketName}/.pulumi/locks/organization/${LAKEHOUSE_PROJECT}/${env}/0f1e.json`,
        ),
      ).to.equal(true);
      expect(
        allowedOn(
          policy,
          "s3:PutObject",
          `arn:aws:s3:::${run.outputs.stateBucketName}/.pulumi/stacks/${LAKEHOUSE_PROJECT}/${other}.json`,
        ),
        "another stack's state",
      ).to.equal(false);
      expect(allowedOn(policy, "glue:CreateJob", `arn:aws:glue:us-east-1:${ACCOUNT_ID}:job/stedi-${other}-x`)).to.equal(
        false,
      );
    }
  });

  it("lets a deploy role create and change roles only under its environment's boundary, never lift or edit a boundary", function () {
    for (const env of ["dev", "prod"]) {
      const boundaryArn = run.outputs.permissionsBoundaryArn[env];
      expect(boundaryArn).to.equal(`arn:aws:iam::${ACCOUNT_ID}:policy/stedi-lakehouse-${env}-job-boundary`);
      const all = statements(deployPolicy(env));
      const grantsOf = (action: string) => all.filter((s) => s.Effect === "Allow" && list(s.Action).includes(action));
      for (const action of [
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
      ]) {
        expect(grantsOf(action), action).to.have.length(1);
        expect(grantsOf(action)[0]!.Condition, action).to.deep.equal({
          ArnEquals: { "iam:PermissionsBoundary": boundaryArn },
        });
        expect(grantsOf(action)[0]!.Resource).to.equal(`arn:aws:iam::${ACCOUNT_ID}:role/stedi-${env}-*`);
      }
      const denied = (action: string) => all.filter((s) => s.Effect === "Deny" && list(s.Action).includes(action));
      expect(denied("iam:DeleteRolePermissionsBoundary")[0]!.Resource).to.equal(`arn:aws:iam::${ACCOUNT_ID}:role/*`);
      expect(denied("iam:CreatePolicyVersion")[0]!.Resource).to.equal(boundaryArn);
      // No managed policy at all: the job roles have inline policies only (infra/iam.ts).
      expect(grantsOf("iam:AttachRolePolicy")).to.deep.equal([]);
      expect(grantsOf("iam:PassRole")[0]!.Condition).to.deep.equal({
        StringEquals: { "iam:PassedToService": "glue.amazonaws.com" },
      });
      // The boundary itself grants no IAM at all, so a role under it cannot make roles either.
      const boundary = run.named(T.policy, `job-boundary-${env}`).inputs.policy as string;
      expect(
        allows(boundary)
          .flatMap((s) => list(s.Action))
          .filter((a) => a.startsWith("iam:") || a.startsWith("sts:")),
      ).to.deep.equal([]);
      expect(boundary).to.not.match(new RegExp(`stedi[-_]${env === "dev" ? "prod" : "dev"}`));
    }
  });

  it("gives the preview role state reads and lock files, nothing that changes a stack", function () {
    const policy = run.named(T.rolePolicy, "preview").inputs.policy as string;
    const actions = allows(policy)
      .flatMap((s) => list(s.Action))
      .sort();
    expect(actions).to.deep.equal([
      "kms:Decrypt",
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    const writes = allows(policy)
      .filter((s) => list(s.Action).includes("s3:PutObject"))
      .flatMap((s) => list(s.Resource));
    for (const r of writes)
      expect(r).to.match(new RegExp(`/\\.pulumi/locks/organization/${LAKEHOUSE_PROJECT}/(dev|prod)/\\*$`));
  });

  it("keeps state in an SSE-KMS, versioned, private, TLS-only bucket", function () {
    const [bucket] = run.ofType(T.bucket);
    expect(run.ofType(T.bucket)).to.have.length(1);
    const name = bucket!.state.bucket;
    expect(run.outputs.pulumiBackendUrl).to.equal(`s3://${name}`);
    const companion = (type: string) => run.ofType(type).filter((r) => r.inputs.bucket === name);
    const [encryption] = companion(T.encryption);
    const keyArn = run.ofType(T.key)[0]!.state.arn;
    expect(encryption!.inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: keyArn,
    });
    expect(companion(T.versioning)[0]!.inputs.versioningConfiguration.status).to.equal("Enabled");
    expect(companion(T.publicAccess)[0]!.inputs).to.include({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(companion(T.ownership)[0]!.inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    expect(statements(companion(T.bucketPolicy)[0]!.inputs.policy)[0]).to.deep.include({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(bucket!.inputs.forceDestroy).to.equal(false);
    expect(run.outputs.secretsProviders).to.deep.equal({
      dev: "awskms://alias/stedi-lakehouse-secrets-dev?region=us-east-1",
      prod: "awskms://alias/stedi-lakehouse-secrets-prod?region=us-east-1",
    });
  });

  it("has lint-clean policy documents (parliament)", async function () {
    const docs: PolicyDocumentToLint[] = [
      ...run.ofType(T.role).map((r) => ({
        name: `${r.name} trust`,
        kind: "trust" as const,
        document: JSON.parse(r.inputs.assumeRolePolicy),
      })),
      ...run.ofType(T.rolePolicy).map((r) => ({
        name: `${r.name} permissions`,
        kind: "identity" as const,
        document: JSON.parse(r.inputs.policy),
      })),
      ...run
        .ofType(T.policy)
        .map((r) => ({ name: `${r.name} boundary`, kind: "identity" as const, document: JSON.parse(r.inputs.policy) })),
      ...run.ofType(T.bucketPolicy).map((r) => ({
        name: `${r.name} bucket policy`,
        kind: "resource" as const,
        document: JSON.parse(r.inputs.policy),
      })),
    ];
    expect(docs).to.have.length(2 + 1 + 2 + 1 + 2 + 1); // trusts, permissions, boundaries, bucket policy
    // KMS authorizes an alias call on the alias and on its key. They are granted in two statements, so that the key
    // side can require the stack tag; parliament expects both formats in one statement (tests/permissions.spec.ts
    // shows the calls are allowed).
    const splitAliasGrant = (f: { issue: string; detail: string }) =>
      f.issue === "RESOURCE_MISMATCH" && /kms:(Create|Update|Delete)Alias/.test(f.detail);
    const findings = (await lintPolicies(docs)).filter((f) => !splitAliasGrant(f));
    expect(findings, describeFindings(findings)).to.deep.equal([]);
  });

  it("passes the lakehouse's policy pack", async function () {
    const violations: string[] = [];
    for (const r of run.resources)
      for (const p of resourcePolicies)
        for (const v of await resourceViolations(p, r.type, r.state)) violations.push(`${p.name} on ${r.name}: ${v}`);
    expect(violations).to.deep.equal([]);
  });

  it("reuses an existing GitHub provider, creates a role per configured environment, and reports bad settings together", async function () {
    const reuse = await runBootstrap({
      "bootstrap:githubRepository": REPOSITORY,
      "aws:region": "eu-west-1",
      "bootstrap:oidcProviderArn": OIDC_ARN,
      "bootstrap:environments": '["staging"]',
    });
    expect(reuse.ofType(T.oidc)).to.have.length(0);
    expect(
      reuse
        .ofType(T.role)
        .map((r) => r.inputs.name)
        .sort(),
    ).to.deep.equal(["stedi-lakehouse-deploy-staging", "stedi-lakehouse-preview"]);
    const problems = () =>
      parseBootstrapSettings({
        "bootstrap:githubRepository": "no-slash",
        "bootstrap:environments": "dev",
        "bootstrap:enviroments": "x",
      });
    expect(problems).to.throw(/has 4 configuration problems/);
    expect(problems).to.throw(/bootstrap:githubRepository is "no-slash"; allowed values: <owner>\/<name>/);
    expect(problems).to.throw(
      /bootstrap:environments is "dev"; allowed values: a JSON object from each lakehouse stack/,
    );
    expect(problems).to.throw(/aws:region is missing/);
    expect(problems).to.throw(/bootstrap:enviroments is not a known setting/);
  });

  it("reads bootstrap:environments as stack → project, the old list as stedi's stacks, and reports every bad entry", function () {
    const base = { "bootstrap:githubRepository": REPOSITORY, "aws:region": "us-east-1" };
    const environments = (value?: string) =>
      parseBootstrapSettings({ ...base, ...(value === undefined ? {} : { "bootstrap:environments": value }) })
        .environments;
    const stedi = [
      { stack: "dev", project: "stedi" },
      { stack: "prod", project: "stedi" },
    ];
    expect(environments()).to.deep.equal(stedi);
    expect(environments('["dev","prod"]'), "the list form (deprecated)").to.deep.equal(stedi);
    expect(environments('{"dev":"stedi","shop-dev":"shop","shop-prod":"shop"}')).to.deep.equal([
      { stack: "dev", project: "stedi" },
      { stack: "shop-dev", project: "shop" },
      { stack: "shop-prod", project: "shop" },
    ]);
    const problems = (value: string, keys = "{}") => {
      try {
        parseBootstrapSettings({ ...base, "bootstrap:environments": value, "bootstrap:customerKeys": keys });
      } catch (e) {
        if (e instanceof BootstrapSettingsError) return e.message.split("\n").slice(1);
        throw e;
      }
      return [];
    };
    const bad = problems(
      '{"Dev":"stedi","qa":"Shop","x":7,"eu":"stedi","eu-west":"stedi","dev":"shop","shop-dev":"shop"}',
    );
    expect(bad).to.deep.equal([
      '  - bootstrap:environments names the stack "Dev"; allowed values: a lower-case stack name (a-z, 0-9, -; at most 21 characters, starting with a letter).',
      '  - bootstrap:environments gives the stack "qa" the project "Shop"; allowed values: the stack\'s lakehouse:project, a lower-case identifier (a-z, 0-9, _; at most 31 characters, starting with a letter).',
      '  - bootstrap:environments gives the stack "x" the project 7; allowed values: the stack\'s lakehouse:project, a lower-case identifier (a-z, 0-9, _; at most 31 characters, starting with a letter).',
      "  - bootstrap:environments has the stacks eu (stedi) and eu-west (stedi), whose names stedi-eu-west-* are inside stedi-eu-*, so eu's deploy role would reach eu-west's resources; rename eu-west.",
      "  - bootstrap:environments gives the stacks dev (shop) and shop-dev (shop) the same names shop-dev-*, so each deploy role would manage the other's resources; rename one stack.",
    ]);
    expect(problems('["dev",3]')).to.deep.equal([
      '  - bootstrap:environments lists 3, which is not a stack name; list names, e.g. ["dev","prod"].',
    ]);
    expect(problems("{}"))
      .to.have.length(1)
      .and.to.match(/names no stack/);
    // A customer key is checked against the environments only once they parse: one mistake, one message.
    expect(problems('{"dev":"Stedi"}', '{"dev":"arn:aws:kms:us-east-1:123456789012:key/k"}')).to.have.length(1);
    expect(problems('{"dev":"stedi"}', '{"prod":"arn:aws:kms:us-east-1:123456789012:key/k"}'))
      .to.have.length(1)
      .and.to.match(/bootstrap:customerKeys/);
  });
});

describe("bootstrap and the lakehouse stacks agree on names", function () {
  /** Two projects' stacks in one account, as docs/operations/bootstrap.md sets them up. */
  const MIXED = JSON.stringify({ dev: "stedi", prod: "stedi", "shop-dev": "shop" });
  let boot: BootstrapRun;
  before(async function () {
    boot = await runBootstrap({
      "bootstrap:githubRepository": REPOSITORY,
      "aws:region": "us-east-1",
      "bootstrap:environments": MIXED,
    });
  });

  const SCOPED_BY_NAME: Record<string, string> = {
    "glue:CreateCrawler": "glue:DeleteCrawler",
    "glue:CreateDataQualityRuleset": "glue:DeleteDataQualityRuleset",
  };

  /** Each resource a lakehouse stack names, as the action that creates it and the ARN IAM checks. */
  const createsOf = (stack: ProgramRun): [string, string][] => {
    const region = stack.config.region;
    const arnOf: Record<string, (r: CapturedResource) => [string, string]> = {
      "aws:s3/bucket:Bucket": (r) => ["s3:CreateBucket", `arn:aws:s3:::${r.state.bucket}`],
      "aws:s3/bucketObjectv2:BucketObjectv2": (r) => [
        "s3:PutObject",
        `arn:aws:s3:::${r.inputs.bucket}/${r.inputs.key}`,
      ],
      "aws:glue/job:Job": (r) => ["glue:CreateJob", `arn:aws:glue:${region}:${ACCOUNT_ID}:job/${r.inputs.name}`],
      "aws:glue/workflow:Workflow": (r) => [
        "glue:CreateWorkflow",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:workflow/${r.inputs.name}`,
      ],
      "aws:glue/trigger:Trigger": (r) => [
        "glue:CreateTrigger",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:trigger/${r.inputs.name}`,
      ],
      "aws:glue/crawler:Crawler": (r) => [
        "glue:CreateCrawler",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:crawler/${r.inputs.name}`,
      ],
      "aws:glue/dataQualityRuleset:DataQualityRuleset": (r) => [
        "glue:CreateDataQualityRuleset",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:dataQualityRuleset/${r.inputs.name}`,
      ],
      "aws:glue/catalogDatabase:CatalogDatabase": (r) => [
        "glue:CreateDatabase",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:database/${r.inputs.name}`,
      ],
      "aws:glue/catalogTable:CatalogTable": (r) => [
        "glue:CreateTable",
        `arn:aws:glue:${region}:${ACCOUNT_ID}:table/${r.inputs.databaseName}/${r.inputs.name}`,
      ],
      "aws:iam/role:Role": (r) => ["iam:CreateRole", r.state.arn],
      "aws:kms/alias:Alias": (r) => ["kms:CreateAlias", `arn:aws:kms:${region}:${ACCOUNT_ID}:${r.inputs.name}`],
    };
    return stack.resources.filter((r) => arnOf[r.type] !== undefined).map((r) => arnOf[r.type]!(r));
  };

  /**
   * Every name the stack creates is inside its deploy role's patterns (and its Glue roles' grants inside the
   * boundary); none is inside the deploy role of another environment, of its project or the other project.
   */
  async function agreesOnNames(env: string, others: readonly string[]): Promise<ProgramRun> {
    const policy = boot.named(T.rolePolicy, `deploy-${env}`).inputs.policy as string;
    const boundaryArn = boot.outputs.permissionsBoundaryArn[env] as string;
    const stack = await runProgram(env, { "lakehouse:permissionsBoundaryArn": boundaryArn });
    const creates = createsOf(stack);
    expect(creates.filter(([action, arn]) => !allowedOn(policy, action, arn))).to.deep.equal([]);
    expect(creates.length).to.be.greaterThan(15);
    for (const other of others) {
      const foreign = boot.named(T.rolePolicy, `deploy-${other}`).inputs.policy as string;
      // IAM cannot scope these creates by name (Resource "*", pinned above): the other role's reach on an existing
      // crawler or ruleset is its scoped delete.
      const reached = creates
        .map(([action, arn]): [string, string] => [SCOPED_BY_NAME[action] ?? action, arn])
        .filter(([action, arn]) => allowedOn(foreign, action, arn));
      expect(reached, `${other}'s deploy role on ${env}'s names`).to.deep.equal([]);
    }
    // Under the boundary, each role may still do everything its own policies grant (effective rights are the
    // intersection).
    const boundary = boot.named(T.policy, `job-boundary-${env}`).inputs.policy as string;
    const cut = stack.ofType("aws:iam/rolePolicy:RolePolicy").flatMap((p) =>
      allows(p.inputs.policy).flatMap((st) =>
        list(st.Action).flatMap((action) =>
          list(st.Resource)
            .filter((arn) => !allowedOn(boundary, action, arn))
            .map((arn) => `${p.name}: ${action} on ${arn}`),
        ),
      ),
    );
    expect(cut).to.deep.equal([]);
    // Every job's role and the crawler's carry the boundary.
    const roles = stack.ofType("aws:iam/role:Role");
    expect(roles.map((r) => r.inputs.permissionsBoundary)).to.deep.equal(roles.map(() => boundaryArn));
    return stack;
  }

  it("puts every resource of the dev stack inside the dev deploy role's patterns, and its Glue role under the boundary", async function () {
    const dev = await agreesOnNames("dev", ["prod", "shop-dev"]);
    expect(dev.ofType("aws:iam/role:Role")).to.have.length(6);
    for (const r of (await runProgram("dev")).ofType("aws:iam/role:Role"))
      expect(r.inputs.permissionsBoundary, "no boundary unless configured").to.equal(undefined);
  });

  it("puts every resource of the shop's shop-dev stack inside the shop-dev deploy role's patterns, none in stedi's", async function () {
    const shop = await agreesOnNames("shop-dev", ["dev", "prod"]);
    expect(shop.outputs.database).to.equal("shop_dev");
    expect(shop.ofType("aws:iam/role:Role").length).to.be.greaterThan(0);
    const policy = boot.named(T.rolePolicy, "deploy-shop-dev").inputs.policy as string;
    expect(policy, "shop-dev's deploy policy").to.not.match(/stedi[-_](dev|prod)/);
    for (const env of ["dev", "prod"])
      expect(boot.named(T.rolePolicy, `deploy-${env}`).inputs.policy, `${env}'s deploy policy`).to.not.match(/shop/);
    expect(boot.outputs.permissionsBoundaryArn["shop-dev"]).to.equal(
      `arn:aws:iam::${ACCOUNT_ID}:policy/stedi-lakehouse-shop-dev-job-boundary`,
    );
    expect(boot.outputs.secretsProviders["shop-dev"]).to.equal(
      "awskms://alias/stedi-lakehouse-secrets-shop-dev?region=us-east-1",
    );
  });
});
