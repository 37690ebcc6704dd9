/**
 * The guardrails, as @pulumi/policy validation policies. This module only defines them (policy/index.ts
 * builds the PolicyPack), so tests can call `validateResource` / `validateStack` directly.
 *
 * In AWS provider v7 a bucket's encryption, public access block, ownership and policy are separate
 * resources, so bucket checks come in two layers:
 * - each companion resource must carry safe settings (resource policies below);
 * - every bucket must HAVE each companion (`s3-bucket-guardrails-complete`, a stack policy), matched
 *   by bucket name, which the provider knows at preview time because it auto-names during check.
 * Rules match on the Pulumi type token, so they work on plain `{ type, props }` records.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

export const TYPES = {
  bucket: "aws:s3/bucket:Bucket",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  role: "aws:iam/role:Role",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  glueJob: "aws:glue/job:Job",
} as const;

/**
 * A resource's properties as the policy engine hands them over: untyped, so every field the checks read is
 * optional and of the shape Pulumi's AWS provider uses; anything else is `unknown` and checked before use.
 */
interface Props {
  readonly rules?: EncryptionRule | EncryptionRule[];
  readonly rule?: { readonly objectOwnership?: unknown };
  readonly acl?: unknown;
  readonly bucket?: unknown;
  readonly policy?: unknown;
  readonly inlinePolicies?: InlinePolicy | InlinePolicy[];
  readonly name?: unknown;
  readonly timeout?: unknown;
  readonly securityConfiguration?: unknown;
  readonly glueVersion?: unknown;
  /** The public access block's flags, read by name. */
  readonly [flag: string]: unknown;
}
interface EncryptionRule {
  readonly applyServerSideEncryptionByDefault?: { readonly sseAlgorithm?: unknown };
}
interface InlinePolicy {
  readonly policy?: unknown;
}

/** One IAM policy statement as written in a document (each field a single value or a list, as IAM allows). */
interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: "*" | { readonly AWS?: string | string[] };
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: { readonly Bool?: Readonly<Record<string, unknown>> };
}

const asArray = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** A policy document arrives as a JSON string (or an object from some providers); unreadable means no statements. */
export function statementsOf(policy: unknown): Statement[] | undefined {
  try {
    const doc = typeof policy === "string" ? JSON.parse(policy) : policy;
    return doc && typeof doc === "object"
      ? asArray((doc as { Statement?: Statement | Statement[] }).Statement)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A resource policy that applies to the given type tokens and skips everything else. */
function forTypes(
  types: readonly string[],
  check: (props: Props, report: ReportViolation, args: ResourceValidationArgs) => void,
) {
  return (args: ResourceValidationArgs, report: ReportViolation) => {
    if (types.includes(args.type)) check(args.props ?? {}, report, args);
  };
}

// ── S3 buckets ────────────────────────────────────────────────────────────────────────────────────

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const bucketEncryption: ResourceValidationPolicy = {
  name: "s3-bucket-encryption",
  description: "Every bucket encryption configuration sets default encryption (SSE-S3 or SSE-KMS) in every rule.",
  enforcementLevel: "mandatory",
  validateResource: forTypes([TYPES.encryption], (props, report) => {
    const rules = asArray(props.rules);
    if (!rules.length)
      report(
        "The bucket encryption configuration has no rules; add one with applyServerSideEncryptionByDefault.sseAlgorithm AES256 or aws:kms.",
      );
    for (const rule of rules) {
      const algorithm = rule?.applyServerSideEncryptionByDefault?.sseAlgorithm;
      if (typeof algorithm !== "string" || !SSE_ALGORITHMS.includes(algorithm))
        report(
          `Default encryption algorithm is ${JSON.stringify(algorithm)}; use one of ${SSE_ALGORITHMS.join(", ")}.`,
        );
    }
  }),
};

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

export const bucketPublicAccessBlocked: ResourceValidationPolicy = {
  name: "s3-bucket-public-access-blocked",
  description:
    "Public access blocks set all four flags, ownership controls enforce BucketOwnerEnforced (no ACLs), and no bucket has a public ACL.",
  enforcementLevel: "mandatory",
  validateResource: forTypes([TYPES.publicAccessBlock, TYPES.ownership, TYPES.bucket], (props, report, args) => {
    if (args.type === TYPES.publicAccessBlock) {
      const off = PUBLIC_ACCESS_FLAGS.filter((f) => props[f] !== true);
      if (off.length) report(`The public access block leaves ${off.join(", ")} off; set all four flags to true.`);
    } else if (args.type === TYPES.ownership) {
      const ownership = props.rule?.objectOwnership;
      if (ownership !== "BucketOwnerEnforced")
        report(
          `Object ownership is ${JSON.stringify(ownership)}; use BucketOwnerEnforced so ACLs cannot grant access.`,
        );
    } else if (typeof props.acl === "string" && PUBLIC_ACLS.includes(props.acl)) {
      report(`The bucket's ACL is ${props.acl}; remove it (ACLs are disabled by BucketOwnerEnforced).`);
    }
  }),
};

/** The statement that makes a bucket TLS-only: deny every S3 action when aws:SecureTransport is false. */
export function isTlsOnlyStatement(s: Statement, bucket: string | undefined): boolean {
  const principalIsEveryone = s.Principal === "*" || asArray(s.Principal?.AWS).includes("*");
  const actions = asArray<string>(s.Action);
  const secureTransport = s.Condition?.Bool?.["aws:SecureTransport"];
  const resources = asArray<string>(s.Resource);
  const coversBucket =
    bucket === undefined ||
    (resources.some((r) => r.endsWith(`:s3:::${bucket}`)) && resources.some((r) => r.endsWith(`:s3:::${bucket}/*`)));
  return (
    s.Effect === "Deny" &&
    principalIsEveryone &&
    (actions.includes("s3:*") || actions.includes("*")) &&
    String(secureTransport) === "false" &&
    coversBucket
  );
}

export const bucketTlsOnly: ResourceValidationPolicy = {
  name: "s3-bucket-tls-only",
  description:
    "Every bucket policy denies all S3 requests made without TLS (aws:SecureTransport = false), for the bucket and its objects.",
  enforcementLevel: "mandatory",
  validateResource: forTypes([TYPES.bucketPolicy], (props, report) => {
    const statements = statementsOf(props.policy);
    const bucket = typeof props.bucket === "string" ? props.bucket : undefined;
    if (!statements?.some((s) => isTlsOnlyStatement(s, bucket)))
      report(
        `The policy of bucket ${bucket ?? "(unknown)"} has no TLS-only statement: add Effect Deny, Principal "*", Action "s3:*", Resource [bucket ARN, bucket ARN + "/*"], Condition Bool aws:SecureTransport "false".`,
      );
  }),
};

/** The companion resources every bucket needs; each one's settings are checked by the policies above. */
const BUCKET_COMPANIONS: readonly { type: string; what: string }[] = [
  { type: TYPES.encryption, what: "a BucketServerSideEncryptionConfiguration" },
  { type: TYPES.publicAccessBlock, what: "a BucketPublicAccessBlock" },
  { type: TYPES.ownership, what: "a BucketOwnershipControls" },
  { type: TYPES.bucketPolicy, what: "a TLS-only BucketPolicy" },
];

/** Does `companion` configure `bucket`? By name, or by Pulumi dependency when the name is not known yet. */
function configures(companion: PolicyResource, bucket: PolicyResource): boolean {
  const name = bucket.props?.bucket;
  if (typeof name === "string" && companion.props?.bucket === name) return true;
  return (companion.propertyDependencies?.bucket ?? []).some((d) => d.urn === bucket.urn);
}

export const bucketGuardrailsComplete: StackValidationPolicy = {
  name: "s3-bucket-guardrails-complete",
  description:
    "Every bucket has its encryption configuration, public access block, ownership controls and TLS-only policy.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of args.resources.filter((r) => r.type === TYPES.bucket)) {
      const missing = BUCKET_COMPANIONS.filter(
        (c) => !args.resources.some((r) => r.type === c.type && configures(r, bucket)),
      );
      if (missing.length)
        report(
          `Bucket ${bucket.props?.bucket ?? bucket.name} is missing ${missing.map((m) => m.what).join(", ")}.`,
          bucket.urn,
        );
    }
  },
};

// ── IAM ───────────────────────────────────────────────────────────────────────────────────────────

/** Object-level S3 actions: granting any of them on `*` opens every object in the account. */
const S3_DATA_ACTION =
  /^s3:(Get|Put|Delete|Restore|Replicate|Abort|List)[A-Za-z]*Object|^s3:(ListBucket|ListMultipartUploadParts)$/;

/** Why one Allow statement is too broad for S3 data, or undefined when it is fine. */
export function wildcardS3Problem(s: Statement): string | undefined {
  if (s.Effect !== "Allow") return undefined;
  if (s.NotAction !== undefined) return `uses NotAction, which allows every action not listed (S3 included)`;
  const actions = asArray<string>(s.Action);
  const wildcard = actions.filter((a) => a === "*" || (a.toLowerCase().startsWith("s3:") && a.includes("*")));
  if (wildcard.length)
    return `allows wildcard action${wildcard.length > 1 ? "s" : ""} ${wildcard.join(", ")}; list the S3 actions needed (e.g. s3:GetObject)`;
  const resources = asArray<string>(s.Resource);
  const everything = resources.filter((r) => r === "*" || /^arn:[^:]+:s3:::\*/.test(r));
  if (everything.length && actions.some((a) => S3_DATA_ACTION.test(a)))
    return `allows ${actions.filter((a) => S3_DATA_ACTION.test(a)).join(", ")} on ${everything.join(", ")}; scope it to bucket ARNs and key prefixes`;
  return undefined;
}

export const noWildcardS3DataAccess: ResourceValidationPolicy = {
  name: "iam-no-wildcard-s3-data-access",
  description:
    "No policy statement allows `*` or `s3:*`-style wildcard actions, NotAction, or S3 object actions on every resource.",
  enforcementLevel: "mandatory",
  validateResource: forTypes(
    [TYPES.rolePolicy, TYPES.policy, TYPES.userPolicy, TYPES.groupPolicy, TYPES.bucketPolicy, TYPES.role],
    (props, report, args) => {
      const documents = args.type === TYPES.role ? asArray(props.inlinePolicies).map((p) => p?.policy) : [props.policy];
      for (const document of documents) {
        if (document === undefined) continue;
        const statements = statementsOf(document);
        if (statements === undefined) {
          report("The policy document is not valid JSON, so it cannot be checked.");
          continue;
        }
        for (const [i, s] of statements.entries()) {
          const problem = wildcardS3Problem(s);
          if (problem) report(`Statement ${s.Sid ?? `#${i + 1}`} ${problem}.`);
        }
      }
    },
  ),
};

// ── Glue jobs ─────────────────────────────────────────────────────────────────────────────────────

export const glueJobTimeoutAndSecurity: ResourceValidationPolicy = {
  name: "glue-job-timeout-and-security-configuration",
  description: "Every Glue job sets a timeout (Glue's default is 48 hours of billing) and a security configuration.",
  enforcementLevel: "mandatory",
  validateResource: forTypes([TYPES.glueJob], (props, report) => {
    if (!(typeof props.timeout === "number" && props.timeout > 0))
      report(`Glue job ${props.name ?? ""} has no timeout; set timeout (minutes), e.g. 60.`);
    if (typeof props.securityConfiguration !== "string" || props.securityConfiguration === "")
      report(
        `Glue job ${props.name ?? ""} has no securityConfiguration; attach the stack's Glue security configuration.`,
      );
  }),
};

export const MIN_GLUE_VERSION = 5.0;

export const glueVersionAtLeast5: ResourceValidationPolicy = {
  name: "glue-version-at-least-5",
  description: `Every Glue job runs Glue ${MIN_GLUE_VERSION.toFixed(1)} or later (Spark 3.5, Python 3.11), the runtime the local runner reproduces.`,
  enforcementLevel: "mandatory",
  validateResource: forTypes([TYPES.glueJob], (props, report) => {
    const version = Number.parseFloat(String(props.glueVersion));
    if (!(version >= MIN_GLUE_VERSION))
      report(
        `Glue job ${props.name ?? ""} uses glueVersion ${JSON.stringify(props.glueVersion)} (unset means 0.9); use "5.0" or later.`,
      );
  }),
};

export const resourcePolicies: readonly ResourceValidationPolicy[] = [
  bucketEncryption,
  bucketPublicAccessBlocked,
  bucketTlsOnly,
  noWildcardS3DataAccess,
  glueJobTimeoutAndSecurity,
  glueVersionAtLeast5,
];
export const stackPolicies: readonly StackValidationPolicy[] = [bucketGuardrailsComplete];
