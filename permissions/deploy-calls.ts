/**
 * The calls a deploy makes for the resources a program registers: each resource's provider call sequence
 * (provider-calls.ts) with its `on` keys resolved to ARNs, and the request context IAM sees (the tags a create
 * carries, the tags a resource has, the boundary a role gets, the service a role is passed to). Plus the
 * Pulumi state calls of the DIY backend. Pure.
 */
import type { Call } from "./evaluate";
import type { DeployedResource } from "./principals";
import { type OnKey, PROVIDER_CALLS, type ProviderCall, type ResourceCallSequence } from "./provider-calls";

export interface DeployAccount {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export type Phase = "create" | "read" | "update" | "delete" | "tags";
export const PHASES: readonly Phase[] = ["create", "read", "update", "delete", "tags"];

/**
 * Calls a sequence lists under a condition this project never meets (said so in the `when`; no role here has a
 * managed policy), or that are a fallback for a call that is granted; they are left out rather than granted.
 */
const NEVER_HERE =
  /not in this program|never for this project|neither in this program|was denied|managedPolicyArns set, and a managed/;

export const sequenceOf = (type: string): ResourceCallSequence | undefined =>
  PROVIDER_CALLS.find((s) => s.type === type);

type Resolver = (key: OnKey) => string | undefined;

const tagsOf = (r: DeployedResource): Record<string, string> => (r.inputs.tags as Record<string, string>) ?? {};

/** The ARN of each `on` key for one resource; undefined where the key does not apply (no SSE-KMS key, say). */
function resolver(r: DeployedResource, all: readonly DeployedResource[], a: DeployAccount): Resolver {
  const glue = (what: string) => `arn:${a.partition}:glue:${a.region}:${a.accountId}:${what}`;
  const kms = (what: string) => `arn:${a.partition}:kms:${a.region}:${a.accountId}:${what}`;
  const s3 = (what: string) => `arn:${a.partition}:s3:::${what}`;
  const database = String(r.inputs.databaseName ?? r.inputs.name);
  const bucket = String(r.type === "aws:s3/bucket:Bucket" ? r.state.bucket : r.inputs.bucket);
  const keyById = (id: unknown) =>
    all.find((x) => x.type === "aws:kms/key:Key" && (x.state.keyId === id || x.state.arn === id))?.state.arn as
      string | undefined;
  const roleArn = (): string | undefined => {
    if (r.type === "aws:glue/job:Job") return r.inputs.roleArn;
    if (r.type === "aws:glue/crawler:Crawler") return r.inputs.role;
    const role = all.find((x) => x.type === "aws:iam/role:Role" && x.state.name === r.inputs.role);
    return role?.state.arn;
  };
  const self = (): string => {
    switch (r.type) {
      case "aws:s3/bucket:Bucket":
        return s3(bucket);
      case "aws:s3/bucketObjectv2:BucketObjectv2":
        return s3(`${bucket}/${r.inputs.key}`);
      case "aws:glue/job:Job":
        return glue(`job/${r.inputs.name}`);
      case "aws:glue/crawler:Crawler":
        return glue(`crawler/${r.inputs.name}`);
      case "aws:glue/trigger:Trigger":
        return glue(`trigger/${r.inputs.name}`);
      case "aws:glue/workflow:Workflow":
        return glue(`workflow/${r.inputs.name}`);
      case "aws:glue/dataQualityRuleset:DataQualityRuleset":
        return glue(`dataQualityRuleset/${r.inputs.name}`);
      case "aws:glue/catalogDatabase:CatalogDatabase":
        return glue(`database/${r.inputs.name}`);
      case "aws:glue/catalogTable:CatalogTable":
        return glue(`table/${r.inputs.databaseName}/${r.inputs.name}`);
      case "aws:kms/alias:Alias":
        return kms(String(r.inputs.name));
      case "aws:iam/rolePolicy:RolePolicy":
        return roleArn() ?? "";
      case "aws:glue/securityConfiguration:SecurityConfiguration":
        return "*";
      default:
        return String(r.state.arn);
    }
  };
  return (key) => {
    switch (key) {
      case "self":
        return self();
      case "catalog":
        return glue("catalog");
      case "database":
        return glue(`database/${database}`);
      case "table":
        return glue(`table/${r.inputs.databaseName}/${r.inputs.name}`);
      case "database-tables":
        return glue(`table/${database}/any-table`);
      case "database-functions":
        return glue(`userDefinedFunction/${database}/any-function`);
      case "bucket":
        return s3(bucket);
      case "object":
        return s3(`${bucket}/${r.inputs.key}`);
      case "bucket-objects":
        return s3(`${bucket}/any-object`);
      case "bucket-kms-key": {
        const rule = (r.inputs.rules as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string } }[])?.[0];
        const id = rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
        return id === undefined ? undefined : (keyById(id) ?? id);
      }
      case "key":
      case "previous-key":
      case "account-keys":
        return r.type === "aws:kms/key:Key" ? String(r.state.arn) : keyById(r.inputs.targetKeyId);
      case "alias":
        return kms(String(r.inputs.name));
      case "role":
        return roleArn();
      case "none":
        return "*";
    }
  };
}

/** The request context IAM sees for one call of a resource's sequence. */
function contextOf(r: DeployedResource, call: ProviderCall, arn: string, all: readonly DeployedResource[]) {
  const context: Record<string, string | string[]> = {};
  const carriesTags = call.conditionKeys?.some((k) => k.startsWith("aws:RequestTag")) ?? false;
  const tags = tagsOf(r);
  if (carriesTags && Object.keys(tags).length) {
    for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = v;
    context["aws:TagKeys"] = Object.keys(tags);
  }
  // A call on an existing resource carries that resource's tags; an alias's key calls carry the key's.
  const target = all.find((x) => x.type === "aws:kms/key:Key" && x.state.arn === arn) ?? r;
  if (call.api !== "CreateKey")
    for (const [k, v] of Object.entries(tagsOf(target))) context[`aws:ResourceTag/${k}`] = v;
  if (call.action.startsWith("iam:") && call.action !== "iam:PassRole") {
    const role = all.find((x) => x.type === "aws:iam/role:Role" && x.state.arn === arn);
    if (role?.inputs.permissionsBoundary) context["iam:PermissionsBoundary"] = role.inputs.permissionsBoundary;
  }
  if (call.action === "iam:PassRole") context["iam:PassedToService"] = "glue.amazonaws.com";
  return context;
}

/** Every call a deploy (create, refresh, update, delete, tags) makes for `r`, ARNs resolved. */
export function resourceCalls(
  r: DeployedResource,
  all: readonly DeployedResource[],
  a: DeployAccount,
  phases: readonly Phase[] = PHASES,
): Call[] {
  const sequence = sequenceOf(r.type);
  if (sequence === undefined) throw new Error(`No provider call sequence for ${r.type} (${r.name}).`);
  const resolve = resolver(r, all, a);
  const calls: Call[] = [];
  for (const phase of phases)
    for (const call of sequence[phase]) {
      if (call.needsNoGrant !== undefined || (call.when !== undefined && NEVER_HERE.test(call.when))) continue;
      for (const key of [call.on, ...(call.also ?? [])]) {
        const arn = resolve(key);
        if (arn === undefined || arn === "") continue;
        calls.push({
          action: call.action,
          resource: arn,
          context: contextOf(r, call, arn, all),
          step: `${r.type.split(":").pop()} ${r.name}: ${phase}, ${call.api}${call.when ? ` (${call.when})` : ""}`,
          source: call.source ?? sequence.source,
          ...(call.tolerated !== undefined ? { tolerated: call.tolerated } : {}),
        });
      }
    }
  return calls;
}

/** The registered resources' calls, all phases; a type without a sequence throws. */
export const deployCalls = (all: readonly DeployedResource[], a: DeployAccount): Call[] =>
  all.filter((r) => r.type.startsWith("aws:")).flatMap((r) => resourceCalls(r, all, a));

export interface StateBackend {
  readonly bucket: string;
  readonly keyArn: string;
  readonly project: string;
}

const DIY_SOURCE =
  "pulumi/pulumi pkg/backend/diy (backend.go meta.yaml and stack paths, lock.go locks/<org>/<project>/<stack>/, " +
  "state.go checkpoints, history and backups); S3 SSE-KMS with a bucket key (KMS context: the bucket ARN)";

/** What `pulumi up` (`write`) or `pulumi preview` does with one stack's state in the DIY S3 backend. */
export function stateCalls(state: StateBackend, stack: string, a: DeployAccount, write: boolean): Call[] {
  const bucket = `arn:${a.partition}:s3:::${state.bucket}`;
  const object = (key: string) => `${bucket}/.pulumi/${key}`;
  const step = (what: string) => `Pulumi state of ${stack}: ${what}`;
  const s3Context = { "kms:EncryptionContext:aws:s3:arn": bucket, "kms:ViaService": `s3.${a.region}.amazonaws.com` };
  const calls: Call[] = [
    { action: "s3:ListBucket", resource: bucket, step: step("list stacks"), source: DIY_SOURCE },
    {
      action: "s3:GetObject",
      resource: object("meta.yaml"),
      step: step("read the backend's version"),
      source: DIY_SOURCE,
    },
    {
      action: "s3:GetObject",
      resource: object(`stacks/${state.project}/${stack}.json`),
      step: step("read the checkpoint"),
      source: DIY_SOURCE,
    },
    {
      action: "kms:Decrypt",
      resource: state.keyArn,
      context: s3Context,
      step: step("decrypt state objects"),
      source: DIY_SOURCE,
    },
    {
      action: "s3:PutObject",
      resource: object(`locks/organization/${state.project}/${stack}/lock-id.json`),
      step: step("take the lock"),
      source: DIY_SOURCE,
    },
    {
      action: "kms:GenerateDataKey",
      resource: state.keyArn,
      context: s3Context,
      step: step("encrypt what it writes"),
      source: DIY_SOURCE,
    },
    {
      action: "s3:DeleteObject",
      resource: object(`locks/organization/${state.project}/${stack}/lock-id.json`),
      step: step("release the lock"),
      source: DIY_SOURCE,
    },
  ];
  if (write)
    for (const key of [
      `stacks/${state.project}/${stack}.json`,
      `stacks/${state.project}/${stack}.json.bak`,
      `history/${state.project}/${stack}/${stack}-1.history.json`,
      `backups/${state.project}/${stack}/${stack}.1.json`,
    ])
      calls.push({ action: "s3:PutObject", resource: object(key), step: step(`write ${key}`), source: DIY_SOURCE });
  return calls;
}

/** Decrypting (and, on `stack init`, encrypting) the stack's secrets with its awskms secrets provider key. */
export const secretsCalls = (keyArn: string, stack: string): Call[] =>
  ["kms:Decrypt", "kms:Encrypt"].map((action) => ({
    action,
    resource: keyArn,
    step: `secrets of ${stack}: ${action === "kms:Decrypt" ? "read" : "stack init"}`,
    source: "pulumi/pulumi pkg/secrets/cloud (gocloud.dev/secrets/awskms: Encrypt on init, Decrypt of the data key)",
  }));

export interface SmokeRunTarget {
  readonly dataBucket: string;
  readonly assetsBucket: string;
  readonly database: string;
  readonly workflow: string;
  readonly landingPrefixes: readonly string[];
  /** Tables the smoke run counts through Athena, with their data prefixes. */
  readonly tables: readonly { readonly name: string; readonly prefix: string }[];
  /** The stack's key and its tags when objects are SSE-KMS (`lakehouse:kmsKeyArn`); undefined for SSE-S3. */
  readonly kmsKey?: { readonly arn: string; readonly tags: Readonly<Record<string, string>> };
}

const SMOKE_SOURCE = {
  upload: "scripts/smoke-run.ts (aws s3 sync --delete: ListObjectsV2, PutObject, DeleteObject)",
  workflow: "scripts/smoke-run.ts (aws glue start-workflow-run, get-workflow-run)",
  athena:
    "scripts/smoke-run.ts athenaCount; Amazon Athena docs, 'Access to AWS Glue Data Catalog' and 'Query results " +
    "location' (the caller's catalog reads, table reads, and s3:GetBucketLocation and PutObject on the results)",
} as const;

/** What the smoke run (scripts/smoke-run.ts, as the deploy role after a deploy) calls. */
export function smokeRunCalls(t: SmokeRunTarget, a: DeployAccount): Call[] {
  const s3 = (what: string) => `arn:${a.partition}:s3:::${what}`;
  const glue = (what: string) => `arn:${a.partition}:glue:${a.region}:${a.accountId}:${what}`;
  const calls: Call[] = [];
  const add = (action: string, resource: string, step: string, source: string, context?: Call["context"]) =>
    calls.push({ action, resource, step: `smoke run: ${step}`, source, ...(context ? { context } : {}) });
  const kms = (action: string, step: string) => {
    if (t.kmsKey === undefined) return;
    const tags = Object.fromEntries(Object.entries(t.kmsKey.tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
    add(action, t.kmsKey.arn, step, SMOKE_SOURCE.athena, tags);
  };
  for (const prefix of t.landingPrefixes) {
    add("s3:ListBucket", s3(t.dataBucket), `list ${prefix}`, SMOKE_SOURCE.upload, { "s3:prefix": prefix });
    add("s3:PutObject", s3(`${t.dataBucket}/${prefix}sample.json`), `upload ${prefix}`, SMOKE_SOURCE.upload);
    add("s3:DeleteObject", s3(`${t.dataBucket}/${prefix}stale.json`), `sync --delete ${prefix}`, SMOKE_SOURCE.upload);
    kms("kms:GenerateDataKey", `upload ${prefix} (SSE-KMS)`);
  }
  add("glue:StartWorkflowRun", glue(`workflow/${t.workflow}`), "start the workflow", SMOKE_SOURCE.workflow);
  add("glue:GetWorkflowRun", glue(`workflow/${t.workflow}`), "watch the workflow", SMOKE_SOURCE.workflow);
  const workgroup = `arn:${a.partition}:athena:${a.region}:${a.accountId}:workgroup/primary`;
  for (const action of ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"])
    add(action, workgroup, "count a table", SMOKE_SOURCE.athena);
  add("s3:GetBucketLocation", s3(t.assetsBucket), "check the results location", SMOKE_SOURCE.athena);
  add("s3:PutObject", s3(`${t.assetsBucket}/athena-results/q.csv`), "write query results", SMOKE_SOURCE.athena);
  add("s3:GetObject", s3(`${t.assetsBucket}/athena-results/q.csv`), "read query results", SMOKE_SOURCE.athena);
  for (const table of t.tables) {
    for (const resource of [
      glue("catalog"),
      glue(`database/${t.database}`),
      glue(`table/${t.database}/${table.name}`),
    ]) {
      add("glue:GetTable", resource, `look ${table.name} up`, SMOKE_SOURCE.athena);
      add("glue:GetPartitions", resource, `list the partitions of ${table.name}`, SMOKE_SOURCE.athena);
    }
    add("glue:GetDatabase", glue("catalog"), `find ${t.database}`, SMOKE_SOURCE.athena);
    add("glue:GetDatabase", glue(`database/${t.database}`), `find ${t.database}`, SMOKE_SOURCE.athena);
    add("s3:ListBucket", s3(t.dataBucket), `list ${table.name}`, SMOKE_SOURCE.athena, { "s3:prefix": table.prefix });
    add("s3:GetObject", s3(`${t.dataBucket}/${table.prefix}part-00000`), `read ${table.name}`, SMOKE_SOURCE.athena);
    kms("kms:Decrypt", `read ${table.name} (SSE-KMS)`);
  }
  return calls;
}
