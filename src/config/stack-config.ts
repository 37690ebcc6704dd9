/**
 * Stack configuration, parsed from the flat `namespace:key → string` map Pulumi keeps in `Pulumi.<stack>.yaml`.
 * Pure: both the Pulumi program (from Pulumi's config) and the render CLI (from the YAML file) call it,
 * so the generated files and the deployed resources can never disagree about a stack.
 *
 * Every problem is collected before anything is thrown, and each message names the key, the value it
 * found and what is allowed, so one run of `pulumi preview` lists everything to fix.
 */
import { closest } from "../dsl/problems";
import { awsCronProblem, CRON_EXAMPLE } from "./cron";

export const PRIVACY_PROFILES = ["standard", "strict"] as const;
export type Privacy = (typeof PRIVACY_PROFILES)[number];

/** Worker types for Glue 5.0 Spark jobs, with the DPUs each one bills (see the README's cost section). */
export const WORKER_DPUS = { "G.1X": 1, "G.2X": 2, "G.4X": 4, "G.8X": 8 } as const;
export type WorkerType = keyof typeof WORKER_DPUS;
export const WORKER_TYPES = Object.keys(WORKER_DPUS) as WorkerType[];

export const EXECUTION_CLASSES = ["STANDARD", "FLEX"] as const;
export type ExecutionClass = (typeof EXECUTION_CLASSES)[number];
/** Glue runs FLEX only on these worker types. */
export const FLEX_WORKER_TYPES: readonly WorkerType[] = ["G.1X", "G.2X"];

export interface JobSettings {
  readonly workerType: WorkerType;
  readonly numberOfWorkers: number;
  readonly executionClass: ExecutionClass;
  readonly timeoutMinutes: number;
  readonly maxRetries: number;
  /** Turn job bookmarks on for the jobs whose sinks all append; overwrite jobs always run without them. */
  readonly bookmarks: boolean;
}

export interface StorageSettings {
  readonly tempRetentionDays: number;
  readonly noncurrentVersionRetentionDays: number;
  /** Let `pulumi destroy` empty the buckets first. For throw-away stacks only. */
  readonly forceDestroy: boolean;
}

export interface StackConfig {
  readonly stack: string;
  readonly region: string;
  readonly privacy: Privacy;
  /** Glue database name; defaults to `stedi_<stack>`. */
  readonly databaseName: string;
  readonly jobs: JobSettings;
  /** AWS cron expression for the workflow's start trigger; absent means the workflow runs on demand. */
  readonly schedule?: string;
  readonly crawlers: boolean;
  /** Customer-managed KMS key for S3, logs and bookmarks; absent means SSE-S3 plus a stack key for logs and bookmarks. */
  readonly kmsKeyArn?: string;
  /** IAM policy set as the permissions boundary of every role the stack creates (bootstrap/ deploy roles require it). */
  readonly permissionsBoundaryArn?: string;
  readonly storage: StorageSettings;
}

/** One documented setting. The README's configuration reference mirrors this list, and a test keeps the two in step. */
export interface ConfigKeySpec {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly meaning: string;
}

const LIMITS = {
  numberOfWorkers: { min: 2, max: 299 },
  timeoutMinutes: { min: 1, max: 2880 },
  maxRetries: { min: 0, max: 10 },
  tempRetentionDays: { min: 1, max: 365 },
  noncurrentVersionRetentionDays: { min: 1, max: 3650 },
} as const;

const range = (l: { min: number; max: number }) => `an integer from ${l.min} to ${l.max}`;

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  { key: "aws:region", type: "string", default: "(required)", allowed: "an AWS region code, e.g. us-east-1", meaning: "Region every resource is created in." },
  { key: "stedi:privacy", type: "enum", default: "standard", allowed: PRIVACY_PROFILES.join(", "), meaning: "Privacy profile the jobs are rendered with; strict keeps only readings taken after consent and removes PII from the ML table." },
  { key: "stedi:databaseName", type: "string", default: "stedi_<stack>", allowed: "a lower-case identifier (a-z, 0-9, _)", meaning: "Glue Data Catalog database holding every table." },
  { key: "stedi:workerType", type: "enum", default: "G.1X", allowed: WORKER_TYPES.join(", "), meaning: "Glue worker size; G.1X bills 1 DPU per worker, G.2X 2, G.4X 4, G.8X 8." },
  { key: "stedi:numberOfWorkers", type: "integer", default: "2", allowed: range(LIMITS.numberOfWorkers), meaning: "Workers per job run (Glue's minimum for Spark jobs is 2)." },
  { key: "stedi:executionClass", type: "enum", default: "STANDARD", allowed: `${EXECUTION_CLASSES.join(", ")} (FLEX needs ${FLEX_WORKER_TYPES.join(" or ")})`, meaning: "FLEX runs on spare capacity at a lower price and may start later; STANDARD starts at once." },
  { key: "stedi:timeoutMinutes", type: "integer", default: "60", allowed: range(LIMITS.timeoutMinutes), meaning: "A job run is stopped after this many minutes (Glue's own default is 2,880)." },
  { key: "stedi:maxRetries", type: "integer", default: "0", allowed: range(LIMITS.maxRetries), meaning: "Automatic retries of a failed job run. Safe: overwrite jobs purge their output before writing." },
  { key: "stedi:jobBookmarks", type: "boolean", default: "false", allowed: "true, false", meaning: "Enable job bookmarks for the jobs whose every source bookmarks track and whose every sink appends (lineage.md lists them); the others always run with bookmarks disabled." },
  { key: "stedi:schedule", type: "cron", default: "(none: on demand)", allowed: `an AWS cron expression, e.g. ${CRON_EXAMPLE}`, meaning: "When set, the workflow's start trigger is SCHEDULED with this cron (UTC); otherwise it is ON_DEMAND." },
  { key: "stedi:crawlers", type: "boolean", default: "false", allowed: "true, false", meaning: "Create a crawler over the landing tables that logs schema drift without changing the declared schemas." },
  { key: "stedi:kmsKeyArn", type: "string", default: "(none)", allowed: "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<id>", meaning: "Customer-managed key for bucket encryption (SSE-KMS), job output, logs and bookmarks; its policy must let logs.<region>.amazonaws.com use it for Glue's log groups (check with scripts/check-key-policy.ts). Without it buckets use SSE-S3 and the stack creates a key for logs and bookmarks." },
  { key: "stedi:permissionsBoundaryArn", type: "string", default: "(none)", allowed: "an IAM policy ARN, arn:aws:iam::<account>:policy/<name>", meaning: "Permissions boundary set on each of the stack's Glue roles (one per job, and the crawler's). Required when deploying with the deploy roles of bootstrap/, which may only create roles under it (its output `permissionsBoundaryArn`)." },
  { key: "stedi:tempRetentionDays", type: "integer", default: "7", allowed: range(LIMITS.tempRetentionDays), meaning: "Days before objects under the assets bucket's temp/ prefix expire." },
  { key: "stedi:noncurrentVersionRetentionDays", type: "integer", default: "30", allowed: range(LIMITS.noncurrentVersionRetentionDays), meaning: "Days a replaced or deleted object version is kept in the versioned data bucket." },
  { key: "stedi:forceDestroy", type: "boolean", default: "false", allowed: "true, false", meaning: "Let `pulumi destroy` delete non-empty buckets. Use only for throw-away stacks." },
];

export class StackConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(`Stack "${stackName}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StackConfigError";
  }
}

/** Reads typed values out of the flat map, recording a problem (never throwing) for each bad one. */
class ConfigReader {
  readonly problems: string[] = [];
  constructor(private readonly values: Readonly<Record<string, string | undefined>>) {}

  raw(key: string): string | undefined {
    const v = this.values[key];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.problems.push(`${key} is ${JSON.stringify(v)}; allowed values: ${allowed.join(", ")}.`);
    return fallback;
  }

  integer(key: string, limits: { min: number; max: number }, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= limits.min && n <= limits.max) return n;
    this.problems.push(`${key} is ${JSON.stringify(v)}; allowed values: ${range(limits)}.`);
    return fallback;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (v === "true" || v === "false") return v === "true";
    this.problems.push(`${key} is ${JSON.stringify(v)}; allowed values: true, false.`);
    return fallback;
  }

  /** An optional free-form value checked by `problem`, which returns what is wrong or undefined. */
  checked(key: string, problem: (v: string) => string | undefined): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    const p = problem(v);
    if (p === undefined) return v;
    this.problems.push(`${key} is ${JSON.stringify(v)}; ${p}.`);
    return undefined;
  }
}

const KNOWN_KEYS = CONFIG_KEYS.map((k) => k.key);
const OUR_NAMESPACE = "stedi:";

export function parseStackConfig(stack: string, values: Readonly<Record<string, string | undefined>>): StackConfig {
  const read = new ConfigReader(values);

  // A misspelt key would otherwise be ignored silently and its default used.
  for (const key of Object.keys(values).filter((k) => k.startsWith(OUR_NAMESPACE) && !KNOWN_KEYS.includes(k))) {
    const near = closest(key, KNOWN_KEYS);
    read.problems.push(`${key} is not a known setting${near ? `; did you mean ${near}?` : "."} Allowed keys: ${KNOWN_KEYS.filter((k) => k.startsWith(OUR_NAMESPACE)).join(", ")}.`);
  }

  const region = read.raw("aws:region");
  if (region === undefined) read.problems.push("aws:region is missing; set it with `pulumi config set aws:region <region>`, e.g. us-east-1.");
  else if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) read.problems.push(`aws:region is ${JSON.stringify(region)}; allowed values: an AWS region code such as us-east-1 or eu-west-1.`);

  const privacy = read.oneOf("stedi:privacy", PRIVACY_PROFILES, "standard");
  const databaseName =
    read.checked("stedi:databaseName", (v) => (/^[a-z_][a-z0-9_]{0,254}$/.test(v) ? undefined : "it must be a lower-case identifier (a-z, 0-9, _)")) ??
    `stedi_${stack.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;

  const workerType = read.oneOf("stedi:workerType", WORKER_TYPES, "G.1X");
  const executionClass = read.oneOf("stedi:executionClass", EXECUTION_CLASSES, "STANDARD");
  if (executionClass === "FLEX" && !FLEX_WORKER_TYPES.includes(workerType))
    read.problems.push(`stedi:executionClass is "FLEX" but stedi:workerType is ${JSON.stringify(workerType)}; FLEX allows stedi:workerType ${FLEX_WORKER_TYPES.join(" or ")}.`);

  const jobs: JobSettings = {
    workerType,
    executionClass,
    numberOfWorkers: read.integer("stedi:numberOfWorkers", LIMITS.numberOfWorkers, 2),
    timeoutMinutes: read.integer("stedi:timeoutMinutes", LIMITS.timeoutMinutes, 60),
    maxRetries: read.integer("stedi:maxRetries", LIMITS.maxRetries, 0),
    bookmarks: read.boolean("stedi:jobBookmarks", false),
  };

  const schedule = read.checked("stedi:schedule", (v) => {
    const p = awsCronProblem(v);
    return p && `allowed values: an AWS cron expression; ${p}`;
  });
  const kmsKeyArn = read.checked("stedi:kmsKeyArn", (v) =>
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(v) ? undefined : "allowed values: a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id> (aliases are not accepted by Glue security configurations)",
  );

  const permissionsBoundaryArn = read.checked("stedi:permissionsBoundaryArn", (v) =>
    /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]+$/.test(v) ? undefined : "allowed values: an IAM policy ARN, arn:aws:iam::<account>:policy/<name>",
  );

  const storage: StorageSettings = {
    tempRetentionDays: read.integer("stedi:tempRetentionDays", LIMITS.tempRetentionDays, 7),
    noncurrentVersionRetentionDays: read.integer("stedi:noncurrentVersionRetentionDays", LIMITS.noncurrentVersionRetentionDays, 30),
    forceDestroy: read.boolean("stedi:forceDestroy", false),
  };
  const crawlers = read.boolean("stedi:crawlers", false);

  if (read.problems.length) throw new StackConfigError(stack, read.problems);
  return {
    stack,
    region: region!,
    privacy,
    databaseName,
    jobs,
    ...(schedule !== undefined ? { schedule } : {}),
    crawlers,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn } : {}),
    storage,
  };
}
