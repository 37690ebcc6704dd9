/**
 * The principals of a deployed stack and the resource policies around them, read from the resources a
 * Pulumi program registers (its real inputs, as the mocks capture them): each Glue job's role with its inline
 * policies and boundary, the crawler's role, the bucket policies and the key policies. Pure.
 */
import type { NamedPolicy, PolicyDocument, Principal, ResourcePolicies } from "./evaluate";

/** A registered resource: what the program passed in and what AWS would have assigned. */
export interface DeployedResource {
  readonly type: string;
  readonly name: string;
  // Inputs are untyped as Pulumi hands them over; each reader below names the fields it uses.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly state: Record<string, any>;
}

export const TYPES = {
  job: "aws:glue/job:Job",
  crawler: "aws:glue/crawler:Crawler",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  key: "aws:kms/key:Key",
} as const;

const parse = (policy: unknown): PolicyDocument =>
  (typeof policy === "string" ? JSON.parse(policy) : policy) as PolicyDocument;

/** AWS's default key policy, which a key created without one gets: the account administers it through IAM. */
export const defaultKeyPolicy = (partition: string, accountId: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
});

/** The role with this ARN, as a principal with its inline policies and, if any, its boundary. */
export function rolePrincipal(
  resources: readonly DeployedResource[],
  roleArn: string,
  label: string,
  boundaries: ReadonlyMap<string, PolicyDocument> = new Map(),
): Principal {
  const role = resources.find((r) => r.type === TYPES.role && r.state.arn === roleArn);
  if (role === undefined) throw new Error(`${label}: no role with ARN ${roleArn} was registered.`);
  const identityPolicies: NamedPolicy[] = resources
    .filter((r) => r.type === TYPES.rolePolicy && r.inputs.role === role.state.name)
    .map((r) => ({ name: r.name, document: parse(r.inputs.policy) }));
  const boundaryArn = role.inputs.permissionsBoundary as string | undefined;
  let boundary: NamedPolicy | undefined;
  if (boundaryArn !== undefined) {
    const document = boundaries.get(boundaryArn);
    if (document === undefined)
      throw new Error(`${label}: its boundary ${boundaryArn} is not among the known policies.`);
    boundary = { name: boundaryArn.split("/").pop()!, document };
  }
  const accountId = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "";
  return { name: label, arn: roleArn, accountId, identityPolicies, ...(boundary ? { boundary } : {}) };
}

/**
 * The policies on resources: each bucket's policy applies to the bucket and its objects; each key's policy (or
 * AWS's default) to the key. `extra` adds documents for resources another program owns (the state bucket).
 */
export function resourcePoliciesOf(
  resources: readonly DeployedResource[],
  partition: string,
  accountId: string,
): ResourcePolicies {
  const buckets = new Map<string, PolicyDocument>();
  for (const r of resources.filter((x) => x.type === TYPES.bucketPolicy))
    buckets.set(String(r.inputs.bucket), parse(r.inputs.policy));
  const keys = new Map<string, PolicyDocument>();
  for (const r of resources.filter((x) => x.type === TYPES.key))
    keys.set(String(r.state.arn), r.inputs.policy ? parse(r.inputs.policy) : defaultKeyPolicy(partition, accountId));
  return (arn) => {
    const s3 = /^arn:[^:]+:s3:::([^/]+)/.exec(arn);
    if (s3) return buckets.get(s3[1]!);
    if (/^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(arn)) return keys.get(arn) ?? defaultKeyPolicy(partition, accountId);
    return undefined;
  };
}

/** Combines resource-policy lookups: the first that knows the ARN answers. */
export const combinePolicies =
  (...lookups: readonly ResourcePolicies[]): ResourcePolicies =>
  (arn) => {
    for (const lookup of lookups) {
      const found = lookup(arn);
      if (found !== undefined) return found;
    }
    return undefined;
  };

/** The permissions boundaries a bootstrap run registered, by ARN. */
export function boundariesOf(resources: readonly DeployedResource[]): Map<string, PolicyDocument> {
  return new Map(
    resources.filter((r) => r.type === TYPES.policy).map((r) => [String(r.state.arn), parse(r.inputs.policy)]),
  );
}
