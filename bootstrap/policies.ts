/**
 * The bootstrap's IAM documents, as pure functions of a few account facts, so tests can lint them with
 * parliament and check their scoping without AWS.
 *
 * An environment is a lakehouse stack <stack> of a project <project> (`bootstrap:environments`). Its names start with
 * <name> = `qualifiedStackName(project, stack)` (src/config/stack-config.ts), as the stack's own do: `stedi-dev` for
 * stack `dev` of project `stedi`, `shop-dev` for stack `shop-dev` of project `shop`. What the deploy role of <stack>
 * may do is what that stack manages, by name:
 * - S3: buckets `<name>-*` (the stack auto-names `<name>-data-…`, `<name>-assets-…`) and their objects;
 * - Glue: the catalog database <name> with `_` for `-` (`stedi_dev`) and its tables, jobs, triggers and crawlers
 *   `<name>-*`, the workflow <name>, and security configurations (which IAM cannot scope by name);
 * - KMS: create keys only tagged `lakehouse:stack=<stack>`, alias them `alias/<name>-*`, administer and use only
 *   keys with that tag, and a customer key by its ARN (`bootstrap:customerKeys`);
 * - IAM: only roles `<name>-*`, only under the environment's permissions boundary, inline policies only, only
 *   passed to Glue. It can neither remove a boundary nor edit one, so nothing it creates can do more than the
 *   boundary allows;
 * - Pulumi state: list the state bucket, read and write only its own stack's files, use the state key only through
 *   S3, and its own environment's secrets key;
 * - the smoke run: start and watch its workflow, query its tables in Athena.
 * The preview role reads state and writes only lock files: a pull request's author can assume it.
 */
import { STACK_TAG_KEY, stackPrefix } from "../infra/naming";
import { defaultDatabaseName } from "../src/config/stack-config";

/** The Pulumi project of every lakehouse stack (Pulumi.yaml), whatever lakehouse project a stack deploys. */
export const LAKEHOUSE_PROJECT = "stedi-lakehouse";
/** GitHub's OIDC issuer and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface AccountFacts {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

export interface StateAccess {
  readonly stateBucket: string;
  /** Encrypts the state bucket's objects (SSE-KMS with a bucket key); used only through S3. */
  readonly stateKeyArn: string;
  /** Per environment: the key of its `awskms://` secrets provider. */
  readonly secretsKeyArns: Readonly<Record<string, string>>;
}

/** Per stack, the customer key it is configured with (`lakehouse:kmsKeyArn`), granted by its ARN. */
export type CustomerKeys = Readonly<Record<string, string>>;

type Statement = Record<string, unknown>;
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: Statement[];
}

/** What the provider does to administer a key it created (kms/key.go create, read, update, delete). */
const KEY_ADMINISTRATION = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:PutKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:EnableKeyRotation",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:ScheduleKeyDeletion",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
];

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/**
 * A lakehouse stack that gets a deploy role: its name, which is also its GitHub environment, its state's name and
 * the value of its keys' stack tag, and the project it deploys (its `lakehouse:project`), which its names start with.
 */
export interface LakehouseEnvironment {
  readonly stack: string;
  readonly project: string;
}

/** `stedi-dev`, `shop-dev`: the stack's physical-name prefix, by the stack's own rule (infra/naming.ts). */
export const lakehousePrefix = (env: LakehouseEnvironment) => stackPrefix({ name: env.project, stack: env.stack });
/** `stedi_dev`, `shop_dev`: the stack's default Glue database (src/config/stack-config.ts). */
export const lakehouseDatabase = (env: LakehouseEnvironment) => defaultDatabaseName(env.project, env.stack);

export const deployRoleName = (env: string) => `${LAKEHOUSE_PROJECT}-deploy-${env}`;
export const PREVIEW_ROLE_NAME = `${LAKEHOUSE_PROJECT}-preview`;
export const secretsKeyAlias = (env: string) => `alias/${LAKEHOUSE_PROJECT}-secrets-${env}`;
export const boundaryPolicyName = (env: string) => `${LAKEHOUSE_PROJECT}-${env}-job-boundary`;

/** The `sub` claim GitHub puts in the token of a job that runs in environment `env` of `repository`. */
export const environmentSubject = (repository: string, env: string) => `repo:${repository}:environment:${env}`;
/** The `sub` claim of a job triggered by a pull request (without an environment). */
export const pullRequestSubject = (repository: string) => `repo:${repository}:pull_request`;

/** Trust: only tokens GitHub issued for sts.amazonaws.com with exactly this subject. */
export function githubTrustPolicy(oidcProviderArn: string, subject: string): PolicyDocument {
  return doc({
    Sid: "GitHubActionsOidc",
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject },
    },
  });
}

const s3Bucket = (a: AccountFacts, bucket: string) => `arn:${a.partition}:s3:::${bucket}`;
const lakehouseBuckets = (a: AccountFacts, env: LakehouseEnvironment) => s3Bucket(a, `${lakehousePrefix(env)}-*`);
const glueArn = (a: AccountFacts, resource: string) => `arn:${a.partition}:glue:${a.region}:${a.accountId}:${resource}`;
const iamArn = (a: AccountFacts, resource: string) => `arn:${a.partition}:iam::${a.accountId}:${resource}`;
const kmsKeys = (a: AccountFacts) => `arn:${a.partition}:kms:${a.region}:${a.accountId}:key/*`;
/** Keys tagged with the environment's stack (infra/security.ts tags the stack key in its CreateKey). */
const taggedWith = (env: LakehouseEnvironment) => ({
  StringEquals: { [`aws:ResourceTag/${STACK_TAG_KEY}`]: env.stack },
});
/** The state key only through S3 (state objects), never directly (it is no secrets provider). */
const viaS3 = (a: AccountFacts) => ({ StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } });
const jobRoles = (a: AccountFacts, env: LakehouseEnvironment) => iamArn(a, `role/${lakehousePrefix(env)}-*`);

/**
 * The DIY backend's files of one stack (`pulumi login s3://…`, project layout; Pulumi's pkg/backend/diy
 * store.go and lock.go): the checkpoint, its history, backups, the update journal, and the lock, which is
 * keyed by the fully qualified name `organization/<project>/<stack>`.
 */
function stackStateKeys(state: StateAccess, a: AccountFacts, stack: string): string[] {
  const bucket = s3Bucket(a, state.stateBucket);
  return [
    `${bucket}/.pulumi/stacks/${LAKEHOUSE_PROJECT}/${stack}.json*`,
    `${bucket}/.pulumi/history/${LAKEHOUSE_PROJECT}/${stack}/*`,
    `${bucket}/.pulumi/backups/${LAKEHOUSE_PROJECT}/${stack}/*`,
    `${bucket}/.pulumi/journal/${LAKEHOUSE_PROJECT}/${stack}/*`,
    stackLockKeys(bucket, stack),
  ];
}

const stackLockKeys = (bucketArn: string, stack: string) =>
  `${bucketArn}/.pulumi/locks/organization/${LAKEHOUSE_PROJECT}/${stack}/*`;

/** Reading stacks' state: listing the bucket (key names only), the backend's version file, the checkpoints. */
function stateRead(state: StateAccess, a: AccountFacts, stacks: readonly string[] | "all"): Statement[] {
  const bucket = s3Bucket(a, state.stateBucket);
  const checkpoints =
    stacks === "all"
      ? [`${bucket}/.pulumi/stacks/${LAKEHOUSE_PROJECT}/*`]
      : stacks.map((stack) => `${bucket}/.pulumi/stacks/${LAKEHOUSE_PROJECT}/${stack}.json*`);
  return [
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
    {
      Sid: "ReadState",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: [`${bucket}/.pulumi/meta.yaml`, ...checkpoints],
    },
  ];
}

/** What a deploy role may do: the lakehouse stack `env` and its state, nothing else. */
export function deployPolicy(
  a: AccountFacts,
  state: StateAccess,
  env: LakehouseEnvironment,
  boundaryArn: string,
  customerKeys: CustomerKeys = {},
): PolicyDocument {
  const prefix = lakehousePrefix(env);
  const database = lakehouseDatabase(env);
  const customerKey = customerKeys[env.stack];
  return doc(
    ...stateRead(state, a, [env.stack]),
    {
      Sid: "WriteOwnStackState",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: stackStateKeys(state, a, env.stack),
    },
    {
      Sid: "UseStateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: state.stateKeyArn,
      Condition: viaS3(a),
    },
    {
      Sid: "UseOwnSecretsKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt"],
      Resource: secretsKey(state, env.stack),
    },
    {
      Sid: "ManageLakehouseBuckets",
      Effect: "Allow",
      // Listed, not `s3:GetBucket*`: the provider reads every bucket sub-configuration on refresh, and writes
      // the ones the stack sets, each its own v7 resource (encryption, versioning, lifecycle, policy, ...).
      Action: [
        "s3:CreateBucket",
        "s3:DeleteBucket",
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:GetBucketLocation",
        "s3:GetBucketAcl",
        "s3:GetBucketCORS",
        "s3:GetBucketWebsite",
        "s3:GetBucketLogging",
        "s3:GetBucketRequestPayment",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetAccelerateConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetBucketPolicy",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:GetBucketVersioning",
        "s3:PutBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:GetBucketPublicAccessBlock",
        "s3:PutBucketPublicAccessBlock",
        "s3:GetBucketOwnershipControls",
        "s3:PutBucketOwnershipControls",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
      ],
      Resource: lakehouseBuckets(a, env),
    },
    {
      Sid: "ManageLakehouseObjects",
      Effect: "Allow",
      // Scripts, the smoke run's landing sample and Athena results; forceDestroy stacks delete old versions too.
      Action: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:GetObjectTagging",
        "s3:PutObjectTagging",
        "s3:DeleteObjectTagging",
      ],
      Resource: `${lakehouseBuckets(a, env)}/*`,
    },
    {
      Sid: "ManageLakehouseGlue",
      Effect: "Allow",
      Action: [
        "glue:CreateDatabase",
        "glue:GetDatabase",
        "glue:UpdateDatabase",
        "glue:DeleteDatabase",
        "glue:CreateTable",
        "glue:GetTable",
        "glue:UpdateTable",
        "glue:DeleteTable",
        "glue:GetPartitions",
        // The provider reads a table's partition indexes back after every create and update (catalog_table.go).
        "glue:GetPartitionIndexes",
        "glue:CreateJob",
        "glue:GetJob",
        "glue:UpdateJob",
        "glue:DeleteJob",
        "glue:CreateWorkflow",
        "glue:GetWorkflow",
        "glue:UpdateWorkflow",
        "glue:DeleteWorkflow",
        "glue:StartWorkflowRun",
        "glue:GetWorkflowRun",
        "glue:CreateTrigger",
        "glue:GetTrigger",
        "glue:UpdateTrigger",
        "glue:DeleteTrigger",
        "glue:StartTrigger",
        "glue:StopTrigger",
        "glue:GetCrawler",
        "glue:UpdateCrawler",
        "glue:DeleteCrawler",
        "glue:GetDataQualityRuleset",
        "glue:UpdateDataQualityRuleset",
        "glue:DeleteDataQualityRuleset",
        "glue:GetTags",
        "glue:TagResource",
        "glue:UntagResource",
      ],
      Resource: [
        glueArn(a, "catalog"),
        glueArn(a, `database/${database}`),
        glueArn(a, `table/${database}/*`),
        // DeleteDatabase also deletes the database's functions, so IAM checks it on them.
        glueArn(a, `userDefinedFunction/${database}/*`),
        glueArn(a, `job/${prefix}-*`),
        glueArn(a, `workflow/${prefix}`),
        glueArn(a, `trigger/${prefix}-*`),
        glueArn(a, `crawler/${prefix}-*`),
        glueArn(a, `dataQualityRuleset/${prefix}-*`),
      ],
    },
    {
      Sid: "GlueActionsWithoutResourceTypes",
      Effect: "Allow",
      // IAM has no resource type for these: they cannot be scoped by name (the crawler is, once created).
      Action: [
        "glue:CreateSecurityConfiguration",
        "glue:GetSecurityConfiguration",
        "glue:DeleteSecurityConfiguration",
        "glue:CreateCrawler",
        "glue:CreateDataQualityRuleset",
      ],
      Resource: "*",
    },
    // A key is tagged with its stack from its first call (CreateKey carries the tags), so every later action can
    // require the tag: no deploy role can touch another environment's keys or an untagged key.
    {
      Sid: "CreateKeysTaggedWithTheStack",
      Effect: "Allow",
      Action: "kms:CreateKey",
      Resource: "*",
      Condition: { StringEquals: { [`aws:RequestTag/${STACK_TAG_KEY}`]: env.stack } },
    },
    // KMS checks kms:TagResource too for a CreateKey with tags, on the account's keys (the key has no ARN yet).
    {
      Sid: "TagNewKeysWithTheStack",
      Effect: "Allow",
      Action: "kms:TagResource",
      Resource: kmsKeys(a),
      Condition: { StringEquals: { [`aws:RequestTag/${STACK_TAG_KEY}`]: env.stack } },
    },
    { Sid: "ListAliases", Effect: "Allow", Action: "kms:ListAliases", Resource: "*" },
    {
      Sid: "AdministerOwnKeys",
      Effect: "Allow",
      Action: [...KEY_ADMINISTRATION, "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
      Resource: kmsKeys(a),
      Condition: taggedWith(env),
    },
    // The smoke run uploads landing files and reads tables through Athena; with lakehouse:kmsKeyArn they are SSE-KMS.
    {
      Sid: "UseOwnKeysForTheSmokeRun",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: kmsKeys(a),
      Condition: taggedWith(env),
    },
    ...(customerKey !== undefined
      ? [
          {
            Sid: "UseTheCustomerKey",
            Effect: "Allow",
            Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"],
            Resource: customerKey,
          },
        ]
      : []),
    // An alias names a key: IAM checks both, so the alias pattern keeps the stack's aliases under its prefix.
    {
      Sid: "NameKeysForTheStack",
      Effect: "Allow",
      Action: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
      Resource: `arn:${a.partition}:kms:${a.region}:${a.accountId}:alias/${prefix}-*`,
    },
    // The stack tag is set once, in CreateKey: changing or removing it would move a key to another environment.
    {
      Sid: "NeverTagAKeyForAnotherStack",
      Effect: "Deny",
      Action: ["kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: {
        Null: { [`aws:RequestTag/${STACK_TAG_KEY}`]: "false" },
        StringNotEquals: { [`aws:RequestTag/${STACK_TAG_KEY}`]: env.stack },
      },
    },
    {
      Sid: "NeverUntagAKeysStack",
      Effect: "Deny",
      Action: "kms:UntagResource",
      Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": [STACK_TAG_KEY] } },
    },
    {
      Sid: "ChangeJobRolesOnlyUnderBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"],
      Resource: jobRoles(a, env),
      Condition: { ArnEquals: { "iam:PermissionsBoundary": boundaryArn } },
    },
    {
      Sid: "ReadAndRetireJobRoles",
      Effect: "Allow",
      Action: [
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
      ],
      Resource: jobRoles(a, env),
    },
    {
      Sid: "PassJobRolesToGlue",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: jobRoles(a, env),
      Condition: { StringEquals: { "iam:PassedToService": "glue.amazonaws.com" } },
    },
    {
      Sid: "NeverLiftABoundary",
      Effect: "Deny",
      Action: "iam:DeleteRolePermissionsBoundary",
      Resource: iamArn(a, "role/*"),
    },
    {
      Sid: "NeverEditTheBoundary",
      Effect: "Deny",
      Action: ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"],
      Resource: boundaryArn,
    },
    {
      Sid: "SmokeRunQueries",
      Effect: "Allow",
      Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
      Resource: `arn:${a.partition}:athena:${a.region}:${a.accountId}:workgroup/primary`,
    },
  );
}

/**
 * The most any role the lakehouse stack `env` creates may do (its Glue role): its buckets, its catalog
 * database, Glue's log groups, KMS use in its account and region, Glue metrics. The role's own policies
 * (infra/role-policies.ts, one role per job) then narrow it further; effective rights are the intersection.
 */
export function jobBoundaryPolicy(
  a: AccountFacts,
  env: LakehouseEnvironment,
  customerKeys: CustomerKeys = {},
): PolicyDocument {
  const database = lakehouseDatabase(env);
  const customerKey = customerKeys[env.stack];
  return doc(
    {
      Sid: "LakehouseBuckets",
      Effect: "Allow",
      // ListBucketMultipartUploads: S3A's committers (Glue 5.1 and 6.0) list pending uploads before aborting them.
      Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
      Resource: lakehouseBuckets(a, env),
    },
    {
      Sid: "LakehouseObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: `${lakehouseBuckets(a, env)}/*`,
    },
    {
      Sid: "LakehouseCatalog",
      Effect: "Allow",
      Action: [
        "glue:GetDatabase",
        "glue:GetDatabases",
        "glue:GetTable",
        "glue:GetTables",
        "glue:CreateTable",
        "glue:UpdateTable",
        "glue:GetPartitions",
        "glue:BatchCreatePartition",
      ],
      Resource: [glueArn(a, "catalog"), glueArn(a, `database/${database}`), glueArn(a, `table/${database}/*`)],
    },
    { Sid: "GlueSecurityConfiguration", Effect: "Allow", Action: "glue:GetSecurityConfiguration", Resource: "*" },
    // Jobs with data-quality rules publish their outcomes (infra/data-quality.ts).
    {
      Sid: "PublishDataQuality",
      Effect: "Allow",
      Action: "glue:PublishDataQuality",
      Resource: glueArn(a, "dataQualityRuleset/*"),
    },
    {
      Sid: "GlueLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
      Resource: `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:/aws-glue/*`,
    },
    {
      Sid: "UseOwnKeys",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: kmsKeys(a),
      Condition: taggedWith(env),
    },
    ...(customerKey !== undefined
      ? [
          {
            Sid: "UseTheCustomerKey",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            Resource: customerKey,
          },
        ]
      : []),
    {
      Sid: "GlueMetrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
    },
  );
}

/** Pull-request previews: read every stack's state and secrets, and take its lock; change nothing else. */
export function previewPolicy(a: AccountFacts, state: StateAccess, stacks: readonly string[]): PolicyDocument {
  const bucket = s3Bucket(a, state.stateBucket);
  return doc(
    ...stateRead(state, a, "all"),
    {
      Sid: "TakePreviewLocks",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: stacks.map((stack) => stackLockKeys(bucket, stack)),
    },
    // Decrypt reads the state objects; GenerateDataKey writes the (SSE-KMS) lock files.
    {
      Sid: "UseStateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: state.stateKeyArn,
      Condition: viaS3(a),
    },
    {
      Sid: "ReadEverySecret",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: stacks.map((stack) => secretsKey(state, stack)),
    },
  );
}

function secretsKey(state: StateAccess, stack: string): string {
  const arn = state.secretsKeyArns[stack];
  if (arn === undefined) throw new Error(`No secrets key for stack ${stack}.`);
  return arn;
}
