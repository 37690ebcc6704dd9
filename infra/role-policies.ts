/**
 * The inline policy documents of the stack's roles (one per job, one for the crawler), and the guard
 * that keeps each role within AWS's size limit. Pure (no Pulumi): infra/iam.ts attaches them, and the
 * tests and the size guard call the same functions, so the checked documents are the deployed ones.
 *
 * Each job role may do exactly what its job does (docs/decisions/infra-iam-grants.md):
 * - S3: read its inputs and its script, write its outputs, its rejected-record prefixes and its own temp
 *   and Spark UI prefixes, each as the keys Hadoop's S3 file systems touch around a directory
 *   (naming.ts `directoryKeys`), and HEAD the parent directories of what it writes;
 * - the Data Catalog: read the tables it reads and writes (its sinks look the table up), add partitions to
 *   the partitioned tables it writes, and never UpdateTable: no job run can change the columns, comments,
 *   `pii` tags or parameters Pulumi declared;
 * - CloudWatch: Glue metrics, and Glue 5.0's log groups (`/aws-glue/jobs/error`, `/aws-glue/jobs/output`,
 *   and the `/aws-glue/jobs-<role>-<security configuration>` groups encrypted logs go to);
 * - KMS: the stack's key (a second inline policy, as the key's ARN is only known after creation).
 *
 * AWS allows 10,240 characters for all of one role's inline policies together, not counting whitespace.
 * With a role per job that limit is per job, not per pipeline; `assertRolePoliciesFit` still checks every
 * role's worst case before anything is created.
 */
import type { RenderedJob, RenderedPipeline, RenderedTable } from "../src/render/types";
import { bucketArn, directoryKeys, parentDirectories } from "./naming";
import {
  bucketKey,
  crawlerS3Access,
  jobS3Access,
  type PrefixGrant,
  roleJobOf,
  type S3AccessPlan,
  uniqueGrants,
} from "./s3-access";

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
/**
 * Delete because overwrite sinks purge their prefix (and commits remove `_temporary/`); abort so failed multipart
 * uploads can be cleaned up.
 */
export const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const;
export const BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation"] as const;
/** S3A's committers list the uploads pending under a destination before aborting them (S3Reader). */
export const S3A_UPLOAD_ACTIONS = ["s3:ListBucketMultipartUploads"] as const;
/** A sink and a catalog read both look the table up; only a catalog read or a partitioned sink lists partitions. */
export const CATALOG_READ_ACTIONS = ["glue:GetDatabase", "glue:GetTable"] as const;
export const PARTITION_READ_ACTIONS = ["glue:GetPartitions"] as const;
export const PARTITION_WRITE_ACTIONS = ["glue:BatchCreatePartition"] as const;
/**
 * An Iceberg table's writer creates it (first run) and commits by updating it (GlueCatalog); it lists the database's
 * tables to find it.
 */
export const ICEBERG_COMMIT_ACTIONS = ["glue:CreateTable", "glue:UpdateTable", "glue:GetTables"] as const;
export const LOG_ACTIONS = [
  "logs:CreateLogGroup",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "logs:AssociateKmsKey",
] as const;
export const KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] as const;

/** What the documents are built from and only AWS knows: names, the key, the account. */
export interface RolePolicyValues {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly database: string;
  readonly dataBucket: string;
  readonly assetsBucket: string;
  readonly kmsKeyArn: string;
}

type Names = Omit<RolePolicyValues, "kmsKeyArn">;

const bucketName = (g: PrefixGrant, t: Names) =>
  g.bucket.kind === "data" ? t.dataBucket : g.bucket.kind === "assets" ? t.assetsBucket : g.bucket.name;
const objectArn = (g: PrefixGrant, t: Names, key: string) => `${bucketArn(t.partition, bucketName(g, t))}/${key}`;

/**
 * How the reader of a plan reaches S3. `emrfs` (a Glue 5.0 job) and `s3a` (5.1, 6.0) are Hadoop file systems: they
 * probe a directory's own key and list it. EMRFS also probes and writes `<dir>_$folder$` markers, for the directory
 * and each missing ancestor ("This behavior occurs only when ... EMRFS tries to create a folder",
 * repost.aws/knowledge-center/emr-s3-empty-files). S3A marks a directory with an empty `<dir>/` object, which the
 * contents grant `<dir>/*` covers, and since Hadoop 3.3.1 keeps markers rather than deleting them when files land
 * (hadoop-aws directory_markers.md: Hadoop 3.4 "deletion is disabled", policy "keep"); it never touches `_$folder$`.
 * S3A's committers (the magic committer EMR's S3A uses, hadoop-aws committers.md) list the multipart uploads
 * pending under the destination and abort them (`fs.s3a.committer.abort.pending.uploads`, default true):
 * s3:ListBucketMultipartUploads on the bucket, s3:AbortMultipartUpload on the objects. `objects` is a crawler,
 * which lists and reads objects only.
 */
export type S3Reader = "emrfs" | "s3a" | "objects";

/** The S3 statements of a plan: exact object keys around each prefix, and listing of each bucket touched. */
function s3Statements(plan: S3AccessPlan, t: Names, reader: S3Reader): PolicyStatement[] {
  const all = [...plan.readOnly, ...plan.readWrite];
  const emrfs = reader === "emrfs";
  const read = [
    ...all.flatMap((g) => {
      const k = directoryKeys(g.prefix);
      if (reader === "objects") return [objectArn(g, t, k.contents)];
      return [objectArn(g, t, k.self), objectArn(g, t, k.contents), ...(emrfs ? [objectArn(g, t, k.marker)] : [])];
    }),
    // mkdirs of a written directory checks that no parent is a file.
    ...uniqueGrants(
      plan.readWrite.flatMap((g) => parentDirectories(g.prefix).map((p) => ({ bucket: g.bucket, prefix: p }))),
    ).flatMap((g) => {
      const k = directoryKeys(g.prefix);
      return [objectArn(g, t, k.self), objectArn(g, t, `${k.self}/`), ...(emrfs ? [objectArn(g, t, k.marker)] : [])];
    }),
    ...plan.objects.map((g) => objectArn(g, t, g.prefix)),
  ];
  // EMRFS's mkdirs writes a `_$folder$` marker for each missing ancestor too; a marker holds no data.
  const write = plan.readWrite.flatMap((g) => {
    const k = directoryKeys(g.prefix);
    if (!emrfs) return [objectArn(g, t, k.contents)];
    const ancestors = parentDirectories(g.prefix).map((p) => objectArn(g, t, directoryKeys(p).marker));
    return [objectArn(g, t, k.contents), objectArn(g, t, k.marker), ...ancestors];
  });
  // Unconditioned: S3 answers a HEAD of a missing key with 404 only to a caller that may list the bucket,
  // and 403 otherwise (a HEAD carries no s3:prefix, so a prefix condition never applies). Hadoop's file
  // systems probe missing keys all the time and fail on 403. Listing shows key names, never contents.
  const arnsOf = (grants: readonly PrefixGrant[]) =>
    [...new Map(grants.map((g) => [bucketKey(g.bucket), bucketArn(t.partition, bucketName(g, t))])).values()].sort();
  const buckets = arnsOf([...all, ...plan.objects]);
  const uploadBuckets = reader === "s3a" ? arnsOf(plan.readWrite) : [];
  return [
    { Sid: "ReadObjects", Effect: "Allow", Action: [...OBJECT_READ_ACTIONS], Resource: [...new Set(read)] },
    ...(write.length
      ? [
          {
            Sid: "WriteObjects",
            Effect: "Allow" as const,
            Action: [...OBJECT_WRITE_ACTIONS],
            Resource: [...new Set(write)],
          },
        ]
      : []),
    // GetBucketLocation: Hadoop's S3 file systems ask each bucket's region before the first request.
    { Sid: "ListBuckets", Effect: "Allow", Action: [...BUCKET_ACTIONS], Resource: buckets },
    ...(uploadBuckets.length
      ? [
          {
            Sid: "ListPendingUploads",
            Effect: "Allow" as const,
            Action: [...S3A_UPLOAD_ACTIONS],
            Resource: uploadBuckets,
          },
        ]
      : []),
  ];
}

const glueArn = (t: Names, what: string) => `arn:${t.partition}:glue:${t.region}:${t.accountId}:${what}`;
const logGroups = (t: Names, group: string) => [
  `arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:${group}`,
  `arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:${group}:log-stream:*`,
];

function catalogStatements(
  t: Names,
  read: readonly string[],
  partitionsRead: readonly string[],
  partitioned: readonly string[],
  iceberg: readonly string[] = [],
): PolicyStatement[] {
  const tables = (names: readonly string[]) => [
    glueArn(t, "catalog"),
    glueArn(t, `database/${t.database}`),
    ...names.map((n) => glueArn(t, `table/${t.database}/${n}`)),
  ];
  return [
    ...(read.length
      ? [{ Sid: "ReadCatalog", Effect: "Allow" as const, Action: [...CATALOG_READ_ACTIONS], Resource: tables(read) }]
      : []),
    ...(partitionsRead.length
      ? [
          {
            Sid: "ReadPartitions",
            Effect: "Allow" as const,
            Action: [...PARTITION_READ_ACTIONS],
            Resource: tables(partitionsRead),
          },
        ]
      : []),
    ...(partitioned.length
      ? [
          {
            Sid: "AddPartitions",
            Effect: "Allow" as const,
            Action: [...PARTITION_WRITE_ACTIONS],
            Resource: tables(partitioned),
          },
        ]
      : []),
    ...(iceberg.length
      ? [
          {
            Sid: "CommitIcebergTables",
            Effect: "Allow" as const,
            Action: [...ICEBERG_COMMIT_ACTIONS],
            Resource: tables(iceberg),
          },
        ]
      : []),
  ];
}

export type RoleJobInput = Pick<
  RenderedJob,
  "name" | "script" | "reads" | "writes" | "readLocations" | "writeLocations" | "sinks"
>;

/** A job role's data-access policy: S3, catalog, metrics and logs. */
export function jobDataAccessDocument(
  job: RoleJobInput,
  tables: readonly RenderedTable[],
  t: Names,
  connector: Exclude<S3Reader, "objects">,
): PolicyDocument {
  const byName = new Map(tables.map((x) => [x.name, x]));
  // Landing tables are read as files (spark.read), never through the catalog.
  // A sink looks its table up only when it updates the catalog, as the render contract says of each sink.
  const catalogSinks = job.sinks.filter((s) => s.catalogUpdate !== "none").map((s) => s.table);
  const catalogRead = [...new Set([...job.reads.filter((n) => byName.get(n)?.zone !== "landing"), ...catalogSinks])];
  const partitioned = job.sinks.filter((s) => s.catalogUpdate === "partitions").map((s) => s.table);
  // Some formats (Iceberg) keep their partitions in their own metadata, not in the catalog.
  const partitionsRead = [
    ...job.reads.filter((n) => byName.get(n)?.zone !== "landing" && byName.get(n)?.catalogPartitions !== false),
    ...partitioned,
  ];
  // A committing sink's job creates its table and commits to it (Iceberg, infra/iceberg.ts); its data and
  // metadata files live under the table's prefix, which the S3 statements already grant.
  const iceberg = job.sinks.filter((s) => s.catalogUpdate === "commits").map((s) => s.table);
  return {
    Version: "2012-10-17",
    Statement: [
      ...s3Statements(jobS3Access(roleJobOf(job), tables), t, connector),
      ...catalogStatements(t, catalogRead, [...new Set(partitionsRead)], partitioned, iceberg),
      {
        Sid: "PublishGlueMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: ["*"],
        Condition: { StringEquals: { "cloudwatch:namespace": ["Glue"] } },
      },
      // Glue 5.0 logs in real time to /aws-glue/jobs/error and /aws-glue/jobs/output, or, with CloudWatch
      // encryption, to /aws-glue/jobs-<role>-<security configuration>/…: `/aws-glue/jobs*` covers all of them.
      { Sid: "WriteJobLogs", Effect: "Allow", Action: [...LOG_ACTIONS], Resource: logGroups(t, "/aws-glue/jobs*") },
    ],
  };
}

/** The crawler role's data-access policy: the landing files and tables, and the crawler log groups. */
export function crawlerDataAccessDocument(tables: readonly RenderedTable[], t: Names): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      ...s3Statements(crawlerS3Access(tables), t, "objects"),
      ...catalogStatements(
        t,
        tables.filter((x) => x.zone === "landing").map((x) => x.name),
        [],
        [],
      ),
      {
        Sid: "WriteCrawlerLogs",
        Effect: "Allow",
        Action: [...LOG_ACTIONS],
        Resource: logGroups(t, "/aws-glue/crawlers*"),
      },
    ],
  };
}

/** Use of the stack's key: bookmarks (CSE-KMS), encrypted logs, and SSE-KMS objects when a key is configured. */
export function encryptionDocument(kmsKeyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "UseStackKey", Effect: "Allow", Action: [...KEY_ACTIONS], Resource: [kmsKeyArn] }],
  };
}

// ── Size ──────────────────────────────────────────────────────────────────────────────────────────

/** IAM quota: all inline policies of one role together, whitespace not counted. Not adjustable. */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;

const WORST_PARTITION = "aws-us-gov"; // the longest partition name
const WORST_REGION = "us-isof-south-1"; // the longest region code (15 characters)
const WORST_ACCOUNT = "123456789012"; // account ids are always 12 digits
/**
 * The longest value of each placeholder, so the size is an upper bound whatever AWS assigns: S3 bucket
 * names have at most 63 characters (the buckets are auto-named, so their names are unknown in preview),
 * and a KMS key id is a 36-character UUID or `mrk-` plus 32 hex digits. The database name is the stack's own.
 */
export const WORST_CASE_VALUES: Omit<RolePolicyValues, "database"> = {
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
  /** `job:<name>` or `crawler`. */
  readonly role: string;
  /** All inline policies of the role together, as AWS counts them. */
  readonly chars: number;
  readonly byPolicy: { readonly "data-access": number; readonly encryption: number };
}

export interface StackRolePolicySizes {
  readonly stack: string;
  readonly roles: readonly RolePolicySize[];
  /** The largest role. */
  readonly largest: RolePolicySize;
}

type SizeInput = Pick<RenderedPipeline, "stack" | "database" | "jobs" | "tables">;

/**
 * The size of every role's inline policies; by default the worst case over everything AWS assigns.
 * `crawler`: whether the stack has the crawler (`lakehouse:crawlers`), whose role grows with the landing tables.
 */
export function rolePolicySizes(
  pipeline: SizeInput,
  values: RolePolicyValues = { ...WORST_CASE_VALUES, database: pipeline.database },
  crawler = true,
): StackRolePolicySizes {
  const encryption = policyChars(encryptionDocument(values.kmsKeyArn));
  const size = (role: string, doc: PolicyDocument): RolePolicySize => {
    const dataAccess = policyChars(doc);
    return { role, chars: dataAccess + encryption, byPolicy: { "data-access": dataAccess, encryption } };
  };
  const roles = [
    // Per connector the grants differ (S3Reader); the size that counts is the larger, whichever version a stack runs.
    ...pipeline.jobs.map((j) =>
      (["emrfs", "s3a"] as const)
        .map((c) => size(`job:${j.name}`, jobDataAccessDocument(j, pipeline.tables, values, c)))
        .reduce((a, b) => (b.chars > a.chars ? b : a)),
    ),
    ...(crawler ? [size("crawler", crawlerDataAccessDocument(pipeline.tables, values))] : []),
  ];
  const largest = roles.reduce((a, b) => (b.chars > a.chars ? b : a), {
    role: "none",
    chars: 0,
    byPolicy: { "data-access": 0, encryption: 0 },
  });
  return { stack: pipeline.stack, roles, largest };
}

const n = (x: number) => x.toLocaleString("en-US");

export class RolePolicySizeError extends Error {
  constructor(
    readonly stackName: string,
    readonly tooBig: readonly RolePolicySize[],
  ) {
    super(
      `Stack ${stackName}: the inline policies of ${tooBig.length === 1 ? "one role" : `${tooBig.length} roles`} could exceed AWS's limit of ` +
        `${n(ROLE_INLINE_POLICY_LIMIT)} characters per role (worst case, with 63-character bucket names; whitespace not counted): ` +
        `${tooBig.map((r) => `${r.role} could reach ${n(r.chars)}`).join(", ")}. ` +
        `Stopped before creating anything: deploying would fail halfway, when AWS rejects the role's policy. ` +
        `Each job has its own role, so the size grows with what one job reads and writes: split the job into smaller jobs, ` +
        `each reading fewer tables or S3 paths. The crawler's role grows with the landing tables: turn lakehouse:crawlers off, ` +
        `or split the pipeline into several stacks. See docs/decisions/infra-iam-grants.md.`,
    );
    this.name = "RolePolicySizeError";
  }
}

/**
 * Throws RolePolicySizeError when any role's inline policies could exceed AWS's limit; otherwise returns every role's
 * worst-case size.
 */
export function assertRolePoliciesFit(pipeline: SizeInput, crawler = true): StackRolePolicySizes {
  const sizes = rolePolicySizes(pipeline, undefined, crawler);
  const tooBig = sizes.roles.filter((r) => r.chars > ROLE_INLINE_POLICY_LIMIT);
  if (tooBig.length) throw new RolePolicySizeError(pipeline.stack, tooBig);
  return sizes;
}
