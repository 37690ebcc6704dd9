/**
 * The AWS calls one Glue job run makes, as IAM authorizes them, derived from what is deployed: the rendered
 * job (its script, its S3 locations, its tables) and the Glue job resource's arguments. Each call names its
 * source. Pure: tests/permissions.spec.ts evaluates these calls against the job role's real documents.
 *
 * What only real Glue shows: which of these EMRFS (5.0) or S3A (5.1+) really sends, in what order, is closed
 * source; the sequences below follow the Hadoop file system contract and the Glue docs, and the grants they
 * prove are a superset of what a run makes (docs/decisions/infra-iam-grants.md). The connector follows the job's
 * Glue version (GLUE_VERSION_FACTS): EMRFS probes and writes `_$folder$` markers, S3A `dir/` markers it keeps.
 */
import type { RenderedJob, RenderedTable, S3Location } from "../src/render/types";
import { directoryKeys, parentDirectories, parseS3Uri } from "../infra/naming";
import { GLUE_VERSION_FACTS, type GlueVersion } from "../src/model/glue-versions";
import type { Call } from "./evaluate";

/** What AWS assigned and the program configured for one deployed job. */
export interface DeployedJob {
  readonly job: Pick<
    RenderedJob,
    "name" | "script" | "reads" | "writes" | "readLocations" | "writeLocations" | "quality" | "sinks"
  >;
  /** `glueVersion` of the deployed `aws.glue.Job`: it picks the S3 connector. */
  readonly glueVersion: GlueVersion;
  /** `defaultArguments` of the deployed `aws.glue.Job`. */
  readonly arguments: Readonly<Record<string, string>>;
  /** `command.scriptLocation`. */
  readonly scriptLocation: string;
  readonly roleName: string;
  /** The Glue security configuration's name: encrypted logs go to groups named after it and the role. */
  readonly securityConfiguration?: string;
}

export interface JobAccount {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly database: string;
  readonly dataBucket: string;
  /** The key of the security configuration (bookmarks, logs). */
  readonly kmsKeyArn: string;
  /** True when S3 output is SSE-KMS with that key (`lakehouse:kmsKeyArn`), false for SSE-S3. */
  readonly s3KmsEncryption: boolean;
  /** The key's tags: every KMS request carries them as `aws:ResourceTag/<key>`. */
  readonly kmsKeyTags: Readonly<Record<string, string>>;
}

const SOURCES = {
  script: "AWS Glue docs, 'Step 2: Create an IAM role for AWS Glue' (the role reads the job's script from S3)",
  bucketLocation:
    "AWS managed policy AWSGlueServiceRole (s3:GetBucketLocation); Hadoop S3 file systems resolve a bucket's region",
  hadoopRead: "Hadoop FileSystem contract, S3 (getFileStatus HEADs the key, then lists the prefix; open GETs)",
  hadoopWrite:
    "Hadoop FileSystem contract, S3 (mkdirs writes <dir>_$folder$ markers for missing ancestors; commit renames " +
    "_temporary/ and deletes it)",
  s3aRead:
    "hadoop-aws 3.4 S3A getFileStatus: HEAD <dir>, HEAD <dir>/ (its marker), LIST <dir>/ (ListObjectsV2); open GETs",
  s3aWrite:
    "hadoop-aws 3.4 (directory_markers.md: mkdirs PUTs an empty <dir>/ marker, kept, never deleted; rename is " +
    "CopyObject then DeleteObject; committers.md: the magic committer uploads parts under __magic, lists the " +
    "pending uploads and aborts them)",
  catalog:
    "AWS Glue docs, 'Specifying AWS Glue resource ARNs' (catalog calls are authorized on the catalog, the " +
    "database and the table)",
  fromCatalog: "aws-glue-libs glue-5.0 awsglue/context.py create_dynamic_frame_from_catalog (GetTable)",
  sinkCatalog:
    "AWS Glue docs, 'Updating the schema, and adding new partitions in the Data Catalog using AWS Glue ETL jobs'",
  iceberg: "Iceberg 1.7 GlueCatalog (loadTable GetTable, create CreateTable, commit UpdateTable, listTables GetTables)",
  sessionCatalog:
    "AWS Glue docs, 'Troubleshooting Data Quality' ('Unable to verify existence of default database'): with " +
    "--enable-glue-datacatalog the catalog client looks up, and creates, `default`",
  logs: "AWS Glue docs, 'Logging for AWS Glue jobs' (real-time logs to /aws-glue/jobs/error and /aws-glue/jobs/output)",
  encryptedLogs:
    "AWS Glue docs, 'Encrypting logs written to CloudWatch Logs' (groups /aws-glue/jobs-<role>-<security " +
    "configuration>/…, logs:AssociateKmsKey)",
  keys: "AWS Glue docs, 'Setting up encryption in AWS Glue' (the role uses the key for bookmarks and S3 SSE-KMS)",
  metrics: "AWS Glue docs, 'Monitoring AWS Glue using Amazon CloudWatch metrics' (--enable-metrics, namespace Glue)",
  quality:
    "AWS Glue docs, 'Data Quality: IAM permissions' (glue:PublishDataQuality when results publishing is enabled)",
} as const;

interface Place {
  readonly bucket: string;
  readonly prefix: string;
}

function placeOf(location: S3Location, dataBucket: string): Place {
  if (location.bucket === "data") return { bucket: dataBucket, prefix: location.prefix };
  return parseS3Uri(location.uri);
}

/** Every call one run of the job makes; `tables` gives zones, formats and partitioning. */
export function jobRunCalls(deployed: DeployedJob, tables: readonly RenderedTable[], a: JobAccount): Call[] {
  const { job } = deployed;
  const s3a = GLUE_VERSION_FACTS[deployed.glueVersion].s3Connector === "s3a";
  const byName = new Map(tables.map((t) => [t.name, t]));
  const s3 = (bucket: string, key?: string) => `arn:${a.partition}:s3:::${bucket}${key === undefined ? "" : `/${key}`}`;
  const glue = (what: string) => `arn:${a.partition}:glue:${a.region}:${a.accountId}:${what}`;
  const calls: Call[] = [];
  const keyTags = Object.fromEntries(Object.entries(a.kmsKeyTags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  const call = (action: string, resource: string, step: string, source: string, extra?: Call["context"]) => {
    const context = { ...(action.startsWith("kms:") ? keyTags : {}), ...extra };
    calls.push({
      action,
      resource,
      step: `job ${job.name}: ${step}`,
      source,
      ...(Object.keys(context).length ? { context } : {}),
    });
  };

  const script = parseS3Uri(deployed.scriptLocation);
  call("s3:GetObject", s3(script.bucket, script.prefix), "load its script", SOURCES.script);

  const written = [
    ...job.writeLocations.map((l) => placeOf(l, a.dataBucket)),
    ...["--TempDir", "--spark-event-logs-path"]
      .filter((k) => deployed.arguments[k] !== undefined)
      .map((k) => parseS3Uri(deployed.arguments[k]!)),
  ];
  const writtenKeys = new Set(written.map((p) => `${p.bucket}/${p.prefix}`));
  const read = job.readLocations
    .map((l) => placeOf(l, a.dataBucket))
    .filter((p) => !writtenKeys.has(`${p.bucket}/${p.prefix}`));
  for (const bucket of [...new Set([...read, ...written, script].map((p) => p.bucket))].sort())
    call("s3:GetBucketLocation", s3(bucket), `find the region of bucket ${bucket}`, SOURCES.bucketLocation);

  const encryptedObjects = (verb: "read" | "write", place: Place) => {
    if (!a.s3KmsEncryption) return;
    const context = { "kms:EncryptionContext:aws:s3:arn": s3(place.bucket) };
    const action = verb === "read" ? "kms:Decrypt" : "kms:GenerateDataKey";
    call(action, a.kmsKeyArn, `${verb} SSE-KMS objects under ${place.prefix}`, SOURCES.keys, context);
  };
  const emrfsWrites = (place: Place, why: string, keys: ReturnType<typeof directoryKeys>) => {
    for (const parent of parentDirectories(place.prefix)) {
      const p = directoryKeys(`${parent}/`);
      call("s3:GetObject", s3(place.bucket, p.self), `${why}: is ancestor ${parent} a file`, SOURCES.hadoopWrite);
      call(
        "s3:GetObject",
        s3(place.bucket, `${p.self}/`),
        `${why}: is ancestor ${parent}/ a file`,
        SOURCES.hadoopWrite,
      );
      call("s3:GetObject", s3(place.bucket, p.marker), `${why}: status of ${p.marker}`, SOURCES.hadoopWrite);
      call("s3:PutObject", s3(place.bucket, p.marker), `${why}: mkdirs marks ancestor ${parent}`, SOURCES.hadoopWrite);
    }
    call("s3:PutObject", s3(place.bucket, keys.marker), `${why}: mkdirs marks ${keys.self}`, SOURCES.hadoopWrite);
    call(
      "s3:DeleteObject",
      s3(place.bucket, keys.marker),
      `${why}: drop the marker once files land`,
      SOURCES.hadoopWrite,
    );
    call(
      "s3:PutObject",
      s3(place.bucket, `${keys.self}/_temporary/0/part-00000`),
      `${why}: write a task file`,
      SOURCES.hadoopWrite,
    );
    call("s3:PutObject", s3(place.bucket, `${keys.self}/part-00000`), `${why}: commit a file`, SOURCES.hadoopWrite);
    call(
      "s3:DeleteObject",
      s3(place.bucket, `${keys.self}/_temporary/0/part-00000`),
      `${why}: clean up`,
      SOURCES.hadoopWrite,
    );
    call(
      "s3:AbortMultipartUpload",
      s3(place.bucket, `${keys.self}/part-00000`),
      `${why}: abort a failed upload`,
      SOURCES.hadoopWrite,
    );
  };
  // Both of S3A's ways to commit, so the grants hold whichever committer Glue picks: the classic one (task files
  // under _temporary/, renamed: copy, then delete) and the magic one (parts uploaded to the final key, recorded
  // under __magic/, pending uploads listed and aborted).
  const s3aWrites = (place: Place, why: string, dir: string) => {
    const w = (action: string, key: string | undefined, step: string, extra?: Call["context"]) =>
      call(action, s3(place.bucket, key), `${why}: ${step}`, SOURCES.s3aWrite, extra);
    for (const parent of parentDirectories(place.prefix)) {
      w("s3:GetObject", parent, `is ancestor ${parent} a file`);
      w("s3:GetObject", `${parent}/`, `is ancestor ${parent}/ a file`);
      w("s3:ListBucket", undefined, `list ancestor ${parent}/`, { "s3:prefix": `${parent}/` });
    }
    w("s3:PutObject", `${dir}/`, `mkdirs marks ${dir}/ (kept)`);
    w("s3:PutObject", `${dir}/_temporary/0/part-00000`, "write a task file");
    w("s3:GetObject", `${dir}/_temporary/0/part-00000`, "rename a task file: copy from");
    w("s3:PutObject", `${dir}/part-00000`, "rename a task file: copy to");
    w("s3:DeleteObject", `${dir}/_temporary/0/part-00000`, "rename a task file: delete the source");
    w("s3:PutObject", `${dir}/__magic_job-0/task/part-00000.pending`, "record a pending upload");
    w("s3:GetObject", `${dir}/__magic_job-0/task/part-00000.pending`, "read a pending upload at job commit");
    w("s3:PutObject", `${dir}/part-00000`, "upload a part to, and complete, the final key");
    w("s3:ListBucketMultipartUploads", undefined, `list the uploads pending under ${dir}/`, {
      "s3:prefix": `${dir}/`,
    });
    w("s3:AbortMultipartUpload", `${dir}/part-00000`, "abort a pending upload");
    w("s3:DeleteObject", `${dir}/__magic_job-0/task/part-00000.pending`, "clean up __magic");
    w("s3:PutObject", `${dir}/_SUCCESS`, "write the _SUCCESS summary");
  };
  const readDirectory = (place: Place, why: string) => {
    const keys = directoryKeys(place.prefix);
    const source = s3a ? SOURCES.s3aRead : SOURCES.hadoopRead;
    call("s3:GetObject", s3(place.bucket, keys.self), `${why}: status of ${keys.self}`, source);
    if (s3a) call("s3:GetObject", s3(place.bucket, `${keys.self}/`), `${why}: status of ${keys.self}/`, source);
    else call("s3:GetObject", s3(place.bucket, keys.marker), `${why}: status of ${keys.marker}`, source);
    call("s3:ListBucket", s3(place.bucket), `${why}: list ${place.prefix}`, source, { "s3:prefix": place.prefix });
    call("s3:GetObject", s3(place.bucket, `${keys.self}/part-00000`), `${why}: read a file`, source);
    encryptedObjects("read", place);
  };
  for (const place of read) readDirectory(place, `read ${place.prefix}`);
  for (const place of written) {
    const why = `write ${place.prefix}`;
    readDirectory(place, why);
    const keys = directoryKeys(place.prefix);
    if (s3a) s3aWrites(place, why, keys.self);
    else emrfsWrites(place, why, keys);
    encryptedObjects("write", place);
  }
  const onCatalog = (action: string, table: string | undefined, step: string, source: string) => {
    call(action, glue("catalog"), step, `${SOURCES.catalog}; ${source}`);
    call(action, glue(`database/${a.database}`), step, `${SOURCES.catalog}; ${source}`);
    if (table !== undefined) call(action, glue(`table/${a.database}/${table}`), step, `${SOURCES.catalog}; ${source}`);
  };
  const catalogReads = job.reads.filter((t) => byName.get(t)?.zone !== "landing");
  for (const table of catalogReads) {
    onCatalog("glue:GetTable", table, `read ${table} through the catalog`, SOURCES.fromCatalog);
    if (byName.get(table)?.catalogPartitions !== false)
      onCatalog("glue:GetPartitions", table, `list the partitions of ${table}`, SOURCES.fromCatalog);
  }
  // What each sink does to the catalog is the render contract's (RenderedSink.catalogUpdate), decided by its format.
  const sinks = job.sinks.filter((s) => s.catalogUpdate === "partitions");
  for (const sink of sinks) {
    onCatalog("glue:GetTable", sink.table, `sink ${sink.table} looks its table up`, SOURCES.sinkCatalog);
    onCatalog("glue:GetPartitions", sink.table, `sink ${sink.table} finds existing partitions`, SOURCES.sinkCatalog);
    onCatalog("glue:BatchCreatePartition", sink.table, `sink ${sink.table} adds partitions`, SOURCES.sinkCatalog);
  }
  const icebergWrites = job.sinks.filter((s) => s.catalogUpdate === "commits").map((s) => s.table);
  for (const table of icebergWrites) {
    onCatalog("glue:GetTable", table, `load Iceberg table ${table}`, SOURCES.iceberg);
    onCatalog("glue:CreateTable", table, `create Iceberg table ${table} on the first run`, SOURCES.iceberg);
    onCatalog("glue:UpdateTable", table, `commit to Iceberg table ${table}`, SOURCES.iceberg);
  }
  if (icebergWrites.length)
    onCatalog("glue:GetTables", undefined, "list the database's tables (SHOW TABLES)", SOURCES.iceberg);
  if (catalogReads.length || icebergWrites.length || sinks.length)
    onCatalog("glue:GetDatabase", undefined, `find database ${a.database}`, SOURCES.catalog);

  if (deployed.arguments["--enable-glue-datacatalog"] === "true") {
    call("glue:GetDatabase", glue("catalog"), "look up `default`", SOURCES.sessionCatalog);
    call("glue:GetDatabase", glue("database/default"), "look up `default`", SOURCES.sessionCatalog);
    call("glue:CreateDatabase", glue("catalog"), "create `default` when missing", SOURCES.sessionCatalog);
    call("glue:CreateDatabase", glue("database/default"), "create `default` when missing", SOURCES.sessionCatalog);
  }

  const logGroups = deployed.securityConfiguration
    ? [
        `/aws-glue/jobs-${deployed.roleName}-${deployed.securityConfiguration}/error`,
        `/aws-glue/jobs-${deployed.roleName}-${deployed.securityConfiguration}/output`,
      ]
    : ["/aws-glue/jobs/error", "/aws-glue/jobs/output"];
  const logs = (group: string, stream?: string) =>
    `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${group}${stream ? `:log-stream:${stream}` : ""}`;
  for (const group of logGroups) {
    const source = deployed.securityConfiguration ? SOURCES.encryptedLogs : SOURCES.logs;
    call("logs:CreateLogGroup", logs(group), `create log group ${group}`, source);
    if (deployed.securityConfiguration)
      call("logs:AssociateKmsKey", logs(group), `encrypt log group ${group}`, SOURCES.encryptedLogs);
    call("logs:CreateLogStream", logs(group, "jr_run"), `open a log stream in ${group}`, source);
    call("logs:PutLogEvents", logs(group, "jr_run"), `log to ${group}`, source);
  }

  for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"])
    call(action, a.kmsKeyArn, "bookmarks and temporary data (CSE-KMS)", SOURCES.keys);
  if (deployed.arguments["--enable-metrics"] === "true")
    call("cloudwatch:PutMetricData", "*", "publish job metrics", SOURCES.metrics, { "cloudwatch:namespace": "Glue" });
  for (const check of job.quality)
    call(
      "glue:PublishDataQuality",
      glue(`dataQualityRuleset/${job.name}-${check.context}`),
      `publish the outcomes of ${check.node}`,
      SOURCES.quality,
    );
  return calls;
}

/** What one run of the landing crawler (catalog targets, update and delete behaviour LOG) calls. */
export function crawlerRunCalls(
  crawler: { readonly name: string; readonly roleName: string; readonly securityConfiguration?: string },
  tables: readonly RenderedTable[],
  a: JobAccount,
): Call[] {
  const glue = (what: string) => `arn:${a.partition}:glue:${a.region}:${a.accountId}:${what}`;
  const s3 = (what: string) => `arn:${a.partition}:s3:::${what}`;
  const keyTags = Object.fromEntries(Object.entries(a.kmsKeyTags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  const source =
    "AWS Glue docs, 'How crawlers work' and 'Setting crawler configuration options' (catalog targets: GetTable, " +
    "then the targets' S3 paths are listed and sampled; LOG changes nothing); 'Encrypting data written by crawlers'";
  const calls: Call[] = [];
  const add = (action: string, resource: string, step: string, context?: Call["context"]) =>
    calls.push({ action, resource, step: `crawler ${crawler.name}: ${step}`, source, ...(context ? { context } : {}) });
  add("s3:GetBucketLocation", s3(a.dataBucket), "find the region of the data bucket");
  for (const r of [glue("catalog"), glue(`database/${a.database}`)]) add("glue:GetDatabase", r, "find its database");
  for (const table of tables.filter((t) => t.zone === "landing")) {
    for (const r of [glue("catalog"), glue(`database/${a.database}`), glue(`table/${a.database}/${table.name}`)])
      add("glue:GetTable", r, `read target ${table.name}`);
    add("s3:ListBucket", s3(a.dataBucket), `list ${table.prefix}`, { "s3:prefix": table.prefix });
    add("s3:GetObject", s3(`${a.dataBucket}/${table.prefix}part-00000.json`), `sample ${table.prefix}`);
  }
  const group = crawler.securityConfiguration
    ? `/aws-glue/crawlers-role/${crawler.roleName}-${crawler.securityConfiguration}`
    : "/aws-glue/crawlers";
  const logs = (stream?: string) =>
    `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${group}${stream ? `:log-stream:${stream}` : ""}`;
  add("logs:CreateLogGroup", logs(), `create log group ${group}`);
  if (crawler.securityConfiguration) add("logs:AssociateKmsKey", logs(), `encrypt log group ${group}`);
  add("logs:CreateLogStream", logs(crawler.name), "open its log stream");
  add("logs:PutLogEvents", logs(crawler.name), "log schema drift");
  for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"])
    add(action, a.kmsKeyArn, "encrypted logs (security configuration)", keyTags);
  return calls;
}
