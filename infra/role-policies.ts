/**
 * The Glue role's two inline policy documents, and the guard that keeps them within AWS's size limit.
 * Pure (no Pulumi): infra/iam.ts builds the role's policies with these functions, and the tests and
 * the size guard call the same ones, so the checked documents are the deployed ones.
 *
 * AWS allows 10,240 characters for all of a role's inline policies together, not counting whitespace.
 * The data-access policy grows with every prefix a job reads or writes (a synthetic job adds about 375
 * characters in the worst case), so a big enough pipeline would make `pulumi up` fail on AWS halfway
 * through, with the role created and its policy rejected. `assertRolePoliciesFit` fails first, in preview, from the pipeline
 * alone. See docs/decisions/infra-iam-grants.md.
 */
import type { RenderedPipeline } from "../src/render/types";
import { bucketArn, prefixPattern } from "./naming";
import { bucketKey, deriveS3Access, type PrefixGrant, type S3AccessPlan } from "./s3-access";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export const OBJECT_READ_ACTIONS = ["s3:GetObject"] as const;
/** Delete because overwrite sinks purge their prefix; abort so failed multipart uploads can be cleaned up. */
export const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const;

/** The S3 grants for a lineage-derived plan. Pure: the tests call it with the same plan the program uses. */
export function s3DataAccessDocument(plan: S3AccessPlan, t: { partition: string; dataBucket: string; assetsBucket: string }): PolicyDocument {
  const bucketName = (g: PrefixGrant) => (g.bucket.kind === "data" ? t.dataBucket : g.bucket.kind === "assets" ? t.assetsBucket : g.bucket.name);
  const objects = (grants: readonly PrefixGrant[]) => grants.map((g) => `${bucketArn(t.partition, bucketName(g))}/${prefixPattern(g.prefix)}`);
  const all = [...plan.readOnly, ...plan.readWrite];

  // ListBucket is a bucket-level action: scope it per bucket with the prefixes a lister may ask for.
  const buckets = [...new Map(all.map((g) => [bucketKey(g.bucket), g])).values()];
  const listStatements = buckets.map((b, i): PolicyStatement => {
    const sid = b.bucket.kind === "data" ? "ListDataBucket" : b.bucket.kind === "assets" ? "ListAssetsBucket" : `ListExternalBucket${i}`;
    const prefixes = [...new Set(all.filter((g) => bucketKey(g.bucket) === bucketKey(b.bucket)).map((g) => prefixPattern(g.prefix)))];
    return { Sid: sid, Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn(t.partition, bucketName(b))], Condition: { StringLike: { "s3:prefix": prefixes } } };
  });

  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadLineageInputsAndOutputs", Effect: "Allow", Action: [...OBJECT_READ_ACTIONS], Resource: objects(all) },
      { Sid: "WritePipelineOutputs", Effect: "Allow", Action: [...OBJECT_WRITE_ACTIONS], Resource: objects(plan.readWrite) },
      ...listStatements,
    ],
  };
}

/** The key Glue encrypts logs and bookmarks with, and the log groups continuous logging writes. */
export function encryptionAndLogsDocument(t: { partition: string; region: string; accountId: string; kmsKeyArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "UseStackKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: [t.kmsKeyArn] },
      {
        Sid: "ContinuousLogging",
        Effect: "Allow",
        // AssociateKmsKey: with CloudWatch encryption on, Glue attaches the key to the job's log groups.
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [`arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:/aws-glue/*`],
      },
    ],
  };
}

// ── Size ──────────────────────────────────────────────────────────────────────────────────────────

/** IAM quota: all inline policies of one role together, whitespace not counted. Not adjustable. */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;

/** What the role's policies are built from and only AWS knows: bucket names, the key, the account. */
export interface RolePolicyValues {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly dataBucket: string;
  readonly assetsBucket: string;
  readonly kmsKeyArn: string;
}

const WORST_PARTITION = "aws-us-gov"; // the longest partition name
const WORST_REGION = "us-isof-south-1"; // the longest region code (15 characters)
const WORST_ACCOUNT = "123456789012"; // account ids are always 12 digits
/**
 * The longest value of each placeholder, so the size is an upper bound whatever AWS assigns: S3 bucket
 * names have at most 63 characters (the buckets are auto-named, so their names are unknown in preview),
 * and a KMS key id is a 36-character UUID or `mrk-` plus 32 hex digits.
 */
export const WORST_CASE_VALUES: RolePolicyValues = {
  partition: WORST_PARTITION,
  region: WORST_REGION,
  accountId: WORST_ACCOUNT,
  dataBucket: "d".repeat(63),
  assetsBucket: "a".repeat(63),
  kmsKeyArn: `arn:${WORST_PARTITION}:kms:${WORST_REGION}:${WORST_ACCOUNT}:key/mrk-${"0".repeat(32)}`,
};

/** Characters AWS counts for a policy: its minified JSON without whitespace. */
export function policyChars(policy: PolicyDocument | string): number {
  return (typeof policy === "string" ? policy : JSON.stringify(policy)).replace(/\s/g, "").length;
}

export interface RolePolicySize {
  readonly stack: string;
  /** All inline policies together, as AWS counts them. */
  readonly chars: number;
  readonly byPolicy: { readonly "data-access": number; readonly "encryption-and-logs": number };
  readonly jobs: number;
  /** Distinct S3 prefixes granted (read-only plus read-write), each listed in several statements. */
  readonly prefixes: number;
}

/** The size of the role's inline policies for `pipeline`; by default the worst case over everything AWS assigns. */
export function rolePolicySize(pipeline: Pick<RenderedPipeline, "stack" | "jobs" | "tables">, values: RolePolicyValues = WORST_CASE_VALUES): RolePolicySize {
  const plan = deriveS3Access(pipeline);
  const dataAccess = policyChars(s3DataAccessDocument(plan, values));
  const encryptionAndLogs = policyChars(encryptionAndLogsDocument(values));
  return {
    stack: pipeline.stack,
    chars: dataAccess + encryptionAndLogs,
    byPolicy: { "data-access": dataAccess, "encryption-and-logs": encryptionAndLogs },
    jobs: pipeline.jobs.length,
    prefixes: plan.readOnly.length + plan.readWrite.length,
  };
}

const n = (x: number) => x.toLocaleString("en-US");

export class RolePolicySizeError extends Error {
  constructor(readonly size: RolePolicySize) {
    super(
      `Stack ${size.stack}: the Glue role's inline policies could reach ${n(size.chars)} characters, over AWS's limit of ` +
        `${n(ROLE_INLINE_POLICY_LIMIT)} per role (worst case, with 63-character bucket names; whitespace not counted). ` +
        `The pipeline has ${size.jobs} jobs and grants ${size.prefixes} S3 prefixes, each named in up to three statements of the ` +
        `data-access policy. Stopped before creating anything: deploying would fail halfway, when AWS rejects the role's policy. ` +
        `To fix it, split the jobs into several pipelines, each deployed as its own stack (every stack has its own Glue role). ` +
        `Grouping prefixes into fewer, wider patterns in infra/s3-access.ts would also shrink the policy, but lets every job ` +
        `write more than it needs and must still keep the landing prefixes read-only. See docs/decisions/infra-iam-grants.md.`,
    );
    this.name = "RolePolicySizeError";
  }
}

/** Throws RolePolicySizeError when the role's inline policies could exceed AWS's limit; otherwise returns their worst-case size. */
export function assertRolePoliciesFit(pipeline: Pick<RenderedPipeline, "stack" | "jobs" | "tables">): RolePolicySize {
  const size = rolePolicySize(pipeline);
  if (size.chars > ROLE_INLINE_POLICY_LIMIT) throw new RolePolicySizeError(size);
  return size;
}
