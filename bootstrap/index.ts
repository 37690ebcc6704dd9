/**
 * Once per AWS account (`cd bootstrap && pulumi up`): what GitHub Actions needs to preview and deploy the
 * lakehouse without stored keys. Creates
 * - GitHub's OIDC identity provider (or reuses the account's, bootstrap:oidcProviderArn);
 * - per environment (a lakehouse stack of one project, `bootstrap:environments`): a deploy role trusted only by this
 *   repository's jobs in the GitHub environment named like the stack, and the permissions boundary the stack's own
 *   roles must carry (set it as lakehouse:permissionsBoundaryArn);
 * - a preview role for pull requests, which can read state and take locks, nothing more;
 * - the Pulumi state bucket (SSE-KMS with its own key; versioned, private, TLS-only), protected from
 *   `pulumi destroy`, and one secrets-provider key per environment.
 * The documents come from ./policies (pure, linted by the tests); docs/operations/bootstrap.md uses the outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../infra/secure-bucket";
import { BootstrapSettingsError, parseBootstrapSettings } from "./settings";
import {
  type AccountFacts,
  boundaryPolicyName,
  deployPolicy,
  deployRoleName,
  environmentSubject,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  githubTrustPolicy,
  jobBoundaryPolicy,
  PREVIEW_ROLE_NAME,
  previewPolicy,
  pullRequestSubject,
  secretsKeyAlias,
  type StateAccess,
} from "./policies";

function readSettings() {
  const values = Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig()).filter(([key]) => key.startsWith("bootstrap:") || key === "aws:region"),
  );
  try {
    return parseBootstrapSettings(values);
  } catch (e) {
    if (e instanceof BootstrapSettingsError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

const settings = readSettings();
const account: pulumi.Output<AccountFacts> = pulumi
  .all([aws.getCallerIdentityOutput({}).accountId, aws.getPartitionOutput({}).partition])
  .apply(([accountId, partition]) => ({ accountId, partition, region: settings.region }));
const json = (document: pulumi.Output<object>) => document.apply((d) => JSON.stringify(d));

const oidcProviderArn: pulumi.Output<string> =
  settings.oidcProviderArn !== undefined
    ? pulumi.output(settings.oidcProviderArn)
    : new aws.iam.OpenIdConnectProvider("github-actions", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdLists: [GITHUB_OIDC_AUDIENCE],
      }).arn;

// The state key: encrypts the state bucket's objects, used only through S3.
const stateKey = new aws.kms.Key(
  "pulumi-state",
  {
    description: "Encrypts stedi-lakehouse Pulumi state and stack secrets.",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
  },
  { protect: true },
);
new aws.kms.Alias("pulumi-state", { name: "alias/stedi-lakehouse-state", targetKeyId: stateKey.keyId });

const stateBucket = new SecureBucket(
  "stedi-lakehouse-state",
  {
    partition: account.partition,
    kmsKeyArn: stateKey.arn,
    versioned: true,
    forceDestroy: false,
    // Old state versions are the undo history of every deploy: keep them a year.
    lifecycleRules: [
      {
        id: "expire-old-state-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 365 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ],
  },
  { protect: true },
);
// One secrets key per environment: the ciphertext of a stack's secrets sits in Pulumi.<env>.yaml in the
// repository, so only a key of its own keeps one environment's deploy role from decrypting another's.
const stacks = settings.environments.map((e) => e.stack);
const secretsKeys = Object.fromEntries(
  stacks.map((env) => {
    const key = new aws.kms.Key(
      `pulumi-secrets-${env}`,
      {
        description: `Encrypts the secrets of lakehouse stack ${env} (its awskms:// secrets provider).`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      { protect: true },
    );
    new aws.kms.Alias(`pulumi-secrets-${env}`, { name: secretsKeyAlias(env), targetKeyId: key.keyId });
    return [env, key.arn];
  }),
);
const state: pulumi.Output<StateAccess> = pulumi
  .all([stateBucket.name, stateKey.arn, pulumi.all(secretsKeys)])
  .apply(([bucket, keyArn, secretsKeyArns]) => ({ stateBucket: bucket, stateKeyArn: keyArn, secretsKeyArns }));
const customerKeys = settings.customerKeys;

const deployRoleArns: Record<string, pulumi.Output<string>> = {};
const permissionsBoundaryArns: Record<string, pulumi.Output<string>> = {};
// Resource names, role names and GitHub environments are the stack's name: stack names are unique in the state
// backend (one Pulumi project), whichever lakehouse project each stack deploys.
for (const environment of settings.environments) {
  const env = environment.stack;
  const boundary = new aws.iam.Policy(`job-boundary-${env}`, {
    name: boundaryPolicyName(env),
    description: `The most any role of lakehouse stack ${env} may do (permissions boundary).`,
    policy: json(account.apply((a) => jobBoundaryPolicy(a, environment, customerKeys))),
  });
  const role = new aws.iam.Role(`deploy-${env}`, {
    name: deployRoleName(env),
    description: `GitHub Actions deploys of lakehouse stack ${env} from ${settings.githubRepository}, environment ${env}.`,
    maxSessionDuration: 3600,
    assumeRolePolicy: json(
      oidcProviderArn.apply((arn) => githubTrustPolicy(arn, environmentSubject(settings.githubRepository, env))),
    ),
  });
  new aws.iam.RolePolicy(`deploy-${env}`, {
    role: role.id,
    policy: json(
      pulumi.all([account, state, boundary.arn]).apply(([a, s, b]) => deployPolicy(a, s, environment, b, customerKeys)),
    ),
  });
  deployRoleArns[env] = role.arn;
  permissionsBoundaryArns[env] = boundary.arn;
}

const previewRole = new aws.iam.Role("preview", {
  name: PREVIEW_ROLE_NAME,
  description: `Pull-request previews of the lakehouse stacks from ${settings.githubRepository}: reads state, takes locks.`,
  maxSessionDuration: 3600,
  assumeRolePolicy: json(
    oidcProviderArn.apply((arn) => githubTrustPolicy(arn, pullRequestSubject(settings.githubRepository))),
  ),
});
new aws.iam.RolePolicy("preview", {
  role: previewRole.id,
  policy: json(pulumi.all([account, state]).apply(([a, s]) => previewPolicy(a, s, stacks))),
});

export const githubOidcProviderArn = oidcProviderArn;
/** GitHub environment variable AWS_DEPLOY_ROLE_ARN, per environment. */
export const deployRoles = pulumi.output(deployRoleArns);
/** GitHub repository variable AWS_PREVIEW_ROLE_ARN. */
export const previewRoleArn = previewRole.arn;
/** Per environment: `pulumi config set lakehouse:permissionsBoundaryArn <arn> --stack <env>`. */
export const permissionsBoundaryArn = pulumi.output(permissionsBoundaryArns);
/** GitHub repository variable PULUMI_BACKEND_URL and `pulumi login`. */
export const pulumiBackendUrl = pulumi.interpolate`s3://${stateBucket.name}`;
/** Per environment: `pulumi stack init <env> --secrets-provider <this>` (or `pulumi stack change-secrets-provider`). */
export const secretsProviders = Object.fromEntries(
  stacks.map((env) => [env, `awskms://${secretsKeyAlias(env)}?region=${settings.region}`]),
);
export const stateBucketName = stateBucket.name;
