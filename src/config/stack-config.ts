/**
 * Stack configuration, parsed from the flat `namespace:key → string` map Pulumi keeps in `Pulumi.<stack>.yaml`.
 * Pure: both the Pulumi program (from Pulumi's config) and the render CLI (from the YAML file) call it,
 * so the generated files and the deployed resources can never disagree about a stack.
 *
 * Every problem is collected before anything is thrown, and each message names the key, the value it
 * found and what is allowed, so one run of `pulumi preview` lists everything to fix.
 */
import { PRIVACY_PROFILES, type Privacy, TABLE_FORMATS, type TableFormat } from "../../jobs/options";
import { closest } from "../model/problems";
import { awsCronProblem, CRON_EXAMPLE } from "./cron";

// The pipeline's options are the pipeline's (jobs/options.ts); the stack settings re-export them for their readers.
export { PRIVACY_PROFILES, type Privacy, TABLE_FORMATS, type TableFormat };

/** Worker types for Glue 5.0 Spark jobs, with the DPUs each one bills (see the README's cost section). */
export const WORKER_DPUS = { "G.1X": 1, "G.2X": 2, "G.4X": 4, "G.8X": 8 } as const;
export type WorkerType = keyof typeof WORKER_DPUS;
export const WORKER_TYPES = Object.keys(WORKER_DPUS) as WorkerType[];

export const EXECUTION_CLASSES = ["STANDARD", "FLEX"] as const;
export type ExecutionClass = (typeof EXECUTION_CLASSES)[number];
/** Glue runs FLEX only on these worker types. */
export const FLEX_WORKER_TYPES: readonly WorkerType[] = ["G.1X", "G.2X"];

/** A table's storage formats (the DSL's `Format`: tests/table-formats.spec.ts keeps the two lists equal). */
export const CHANGEABLE_FORMATS = ["json", "parquet", "iceberg"] as const;
export type ChangeableFormat = (typeof CHANGEABLE_FORMATS)[number];

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
  /** Format of the trusted and curated tables; `iceberg` also makes the customer landing job incremental. */
  readonly tableFormat: TableFormat;
  /** `stedi:confirmTableFormatChange`: deployed tables may change to this format now (infra/table-formats.ts). */
  readonly confirmTableFormatChange?: ChangeableFormat;
  /** Glue database name; defaults to `stedi_<stack>`. */
  readonly databaseName: string;
  readonly jobs: JobSettings;
  /** AWS cron expression for the workflow's start trigger; absent means the workflow runs on demand. */
  readonly schedule?: string;
  readonly crawlers: boolean;
  /**
   * Customer-managed KMS key for S3, logs and bookmarks; absent means SSE-S3 plus a stack key for logs and bookmarks.
   */
  readonly kmsKeyArn?: string;
  /**
   * IAM policy set as the permissions boundary of every role the stack creates (bootstrap/ deploy roles require it).
   */
  readonly permissionsBoundaryArn?: string;
  readonly storage: StorageSettings;
}

/** Why a value was refused: the text after `<key> is "<value>"; `. */
interface Invalid {
  readonly problem: string;
}

/**
 * One setting, fully described: the parser reads it with `parse`, the README's configuration reference
 * is `configReferenceTable()` of these (a test keeps the two equal), and the tests loop over them.
 */
export interface ConfigKeySpec<T = unknown> {
  readonly key: string;
  readonly type: "string" | "enum" | "integer" | "boolean" | "cron";
  /** The value when the key is not set; `undefined` for optional settings with no value. */
  readonly default: T;
  /** How the README shows the default. */
  readonly defaultText: string;
  /** The allowed values, as the README shows them. */
  readonly allowed: string;
  readonly meaning: string;
  readonly parse: (raw: string) => T | Invalid;
  /** Integer keys: the inclusive range. */
  readonly limits?: { readonly min: number; readonly max: number };
}

const isInvalid = (v: unknown): v is Invalid => typeof v === "object" && v !== null && "problem" in v;

function enumKey<T extends string>(
  key: string,
  values: readonly T[],
  fallback: T,
  meaning: string,
  allowedNote = "",
): ConfigKeySpec<T> {
  return {
    key,
    type: "enum",
    default: fallback,
    defaultText: fallback,
    meaning,
    allowed: values.map((v) => `\`${v}\``).join(", ") + allowedNote,
    parse: (raw) =>
      (values as readonly string[]).includes(raw) ? (raw as T) : { problem: `allowed values: ${values.join(", ")}.` },
  };
}

function integerKey(key: string, min: number, max: number, fallback: number, meaning: string): ConfigKeySpec<number> {
  const allowed = `an integer from ${min} to ${max}`;
  return {
    key,
    type: "integer",
    default: fallback,
    defaultText: String(fallback),
    allowed,
    meaning,
    limits: { min, max },
    parse: (raw) => {
      const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? n : { problem: `allowed values: ${allowed}.` };
    },
  };
}

function booleanKey(key: string, fallback: boolean, meaning: string): ConfigKeySpec<boolean> {
  return {
    key,
    type: "boolean",
    default: fallback,
    defaultText: String(fallback),
    allowed: "`true`, `false`",
    meaning,
    parse: (raw) => (raw === "true" || raw === "false" ? raw === "true" : { problem: "allowed values: true, false." }),
  };
}

/** An optional choice: no value unless set. */
function optionalEnumKey<T extends string>(
  key: string,
  values: readonly T[],
  meaning: string,
): ConfigKeySpec<T | undefined> {
  return { ...enumKey(key, values, values[0]!, meaning), default: undefined, defaultText: "(none)" };
}

/** An optional free-form value; `problem` says what is wrong with it, or undefined when it is fine. */
function checkedKey(
  key: string,
  type: "string" | "cron",
  defaultText: string,
  allowed: string,
  meaning: string,
  problem: (v: string) => string | undefined,
): ConfigKeySpec<string | undefined> {
  return {
    key,
    type,
    default: undefined,
    defaultText,
    allowed,
    meaning,
    parse: (raw) => {
      const p = problem(raw);
      return p === undefined ? raw : { problem: `${p}.` };
    },
  };
}

/** Every setting, in the README's order. `aws:region` is required and read on its own (see parseStackConfig). */
export const CONFIG = {
  region: checkedKey(
    "aws:region",
    "string",
    "(required)",
    "an AWS region code, e.g. `us-east-1`",
    "Region every resource is created in.",
    (v) =>
      /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)
        ? undefined
        : "allowed values: an AWS region code such as us-east-1 or eu-west-1",
  ),
  privacy: enumKey(
    "stedi:privacy",
    PRIVACY_PROFILES,
    "standard",
    "Privacy profile the jobs are rendered with; `strict` keeps only readings taken after consent and removes PII from the ML table.",
  ),
  tableFormat: enumKey(
    "stedi:tableFormat",
    TABLE_FORMATS,
    "parquet",
    "Format of the trusted and curated tables. iceberg: atomic overwrites, the customer landing job ingests only new landing files (exactly once), and jobs whose inputs did not change commit nothing.",
  ),
  confirmTableFormatChange: optionalEnumKey(
    "stedi:confirmTableFormatChange",
    CHANGEABLE_FORMATS,
    'Confirms a deploy that changes deployed tables to this format, after the steps the refusal lists (README, "Changing a table\'s format"); without it such a deploy is refused before anything changes. Remove it after that deploy.',
  ),
  databaseName: checkedKey(
    "stedi:databaseName",
    "string",
    "`stedi_<stack>`",
    "a lower-case identifier (`a-z`, `0-9`, `_`)",
    "Glue Data Catalog database holding every table.",
    (v) => (/^[a-z_][a-z0-9_]{0,254}$/.test(v) ? undefined : "it must be a lower-case identifier (a-z, 0-9, _)"),
  ),
  workerType: enumKey(
    "stedi:workerType",
    WORKER_TYPES,
    "G.1X",
    "Glue worker size; G.1X bills 1 DPU per worker, G.2X 2, G.4X 4, G.8X 8.",
  ),
  numberOfWorkers: integerKey(
    "stedi:numberOfWorkers",
    2,
    299,
    2,
    "Workers per job run (Glue's minimum for Spark jobs is 2).",
  ),
  executionClass: enumKey(
    "stedi:executionClass",
    EXECUTION_CLASSES,
    "STANDARD",
    "FLEX runs on spare capacity at a lower price and may start later; STANDARD starts at once.",
    ` (FLEX needs ${FLEX_WORKER_TYPES.map((t) => `\`${t}\``).join(" or ")})`,
  ),
  timeoutMinutes: integerKey(
    "stedi:timeoutMinutes",
    1,
    2880,
    60,
    "A job run is stopped after this many minutes (Glue's own default is 2,880, i.e. 48 billed hours).",
  ),
  maxRetries: integerKey(
    "stedi:maxRetries",
    0,
    10,
    0,
    "Automatic retries of a failed job run. Safe: overwrite jobs purge their output before writing.",
  ),
  jobBookmarks: booleanKey(
    "stedi:jobBookmarks",
    false,
    "Enable job bookmarks for the jobs whose every source bookmarks track and whose every sink appends (lineage.md lists them); the others always run with bookmarks disabled.",
  ),
  schedule: checkedKey(
    "stedi:schedule",
    "cron",
    "(none: on demand)",
    `an AWS cron expression, e.g. \`${CRON_EXAMPLE}\``,
    "When set, the workflow's start trigger is SCHEDULED with this cron (UTC); otherwise it is ON_DEMAND.",
    (v) => {
      const p = awsCronProblem(v);
      return p && `allowed values: an AWS cron expression; ${p}`;
    },
  ),
  crawlers: booleanKey(
    "stedi:crawlers",
    false,
    "Create a crawler over the landing tables that logs schema drift without changing the declared schemas.",
  ),
  kmsKeyArn: checkedKey(
    "stedi:kmsKeyArn",
    "string",
    "(none)",
    "a KMS key ARN, `arn:aws:kms:<region>:<account>:key/<id>`",
    "Customer-managed key for bucket encryption (SSE-KMS), job output, logs and bookmarks; its policy must let logs.<region>.amazonaws.com use it for Glue's log groups (check with scripts/check-key-policy.ts). Without it buckets use SSE-S3 and the stack creates a key for logs and bookmarks.",
    (v) =>
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(v)
        ? undefined
        : "allowed values: a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id> (aliases are not accepted by Glue security configurations)",
  ),
  permissionsBoundaryArn: checkedKey(
    "stedi:permissionsBoundaryArn",
    "string",
    "(none)",
    "an IAM policy ARN, `arn:aws:iam::<account>:policy/<name>`",
    "Permissions boundary set on each of the stack's Glue roles (one per job, and the crawler's). Required when deploying with the deploy roles of `bootstrap/`, which may only create roles under it (its output `permissionsBoundaryArn`).",
    (v) =>
      /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]+$/.test(v)
        ? undefined
        : "allowed values: an IAM policy ARN, arn:aws:iam::<account>:policy/<name>",
  ),
  tempRetentionDays: integerKey(
    "stedi:tempRetentionDays",
    1,
    365,
    7,
    "Days before objects under the assets bucket's `temp/` prefix expire.",
  ),
  noncurrentVersionRetentionDays: integerKey(
    "stedi:noncurrentVersionRetentionDays",
    1,
    3650,
    30,
    "Days a replaced or deleted object version is kept in the versioned data bucket.",
  ),
  forceDestroy: booleanKey(
    "stedi:forceDestroy",
    false,
    "Let `pulumi destroy` delete non-empty buckets. Use only for throw-away stacks.",
  ),
} as const;

export const CONFIG_KEYS: readonly ConfigKeySpec[] = Object.values(CONFIG);

const code = (text: string) => (text.startsWith("(") || text.includes("`") ? text : `\`${text}\``);
/** The README's configuration reference, generated from CONFIG (tests/config.spec.ts keeps them equal). */
export function configReferenceTable(): string {
  const rows = CONFIG_KEYS.map(
    (spec) => `| \`${spec.key}\` | ${spec.type} | ${code(spec.defaultText)} | ${spec.allowed} | ${spec.meaning} |`,
  );
  return ["| key | type | default | allowed values | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

export class StackConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Stack "${stackName}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "StackConfigError";
  }
}

/** Reads typed values out of the flat map by their specs, recording a problem (never throwing) for each bad one. */
class ConfigReader {
  readonly problems: string[] = [];
  constructor(private readonly values: Readonly<Record<string, string | undefined>>) {}

  raw(key: string): string | undefined {
    const v = this.values[key];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  }

  read<T>(spec: ConfigKeySpec<T>): T {
    const v = this.raw(spec.key);
    if (v === undefined) return spec.default;
    const parsed = spec.parse(v);
    if (!isInvalid(parsed)) return parsed;
    this.problems.push(`${spec.key} is ${JSON.stringify(v)}; ${parsed.problem}`);
    return spec.default;
  }
}

const KNOWN_KEYS = CONFIG_KEYS.map((k) => k.key);
const OUR_NAMESPACE = "stedi:";

export function parseStackConfig(stack: string, values: Readonly<Record<string, string | undefined>>): StackConfig {
  const read = new ConfigReader(values);

  // A misspelt key would otherwise be ignored silently and its default used.
  for (const key of Object.keys(values).filter((k) => k.startsWith(OUR_NAMESPACE) && !KNOWN_KEYS.includes(k))) {
    const near = closest(key, KNOWN_KEYS);
    read.problems.push(
      `${key} is not a known setting${near ? `; did you mean ${near}?` : "."} Allowed keys: ${KNOWN_KEYS.filter((k) => k.startsWith(OUR_NAMESPACE)).join(", ")}.`,
    );
  }

  const region = read.read(CONFIG.region);
  if (read.raw(CONFIG.region.key) === undefined)
    read.problems.push("aws:region is missing; set it with `pulumi config set aws:region <region>`, e.g. us-east-1.");

  const privacy = read.read(CONFIG.privacy);
  const tableFormat = read.read(CONFIG.tableFormat);
  const confirmTableFormatChange = read.read(CONFIG.confirmTableFormatChange);
  const databaseName = read.read(CONFIG.databaseName) ?? `stedi_${stack.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;

  const workerType = read.read(CONFIG.workerType);
  const executionClass = read.read(CONFIG.executionClass);
  if (executionClass === "FLEX" && !FLEX_WORKER_TYPES.includes(workerType))
    read.problems.push(
      `stedi:executionClass is "FLEX" but stedi:workerType is ${JSON.stringify(workerType)}; FLEX allows stedi:workerType ${FLEX_WORKER_TYPES.join(" or ")}.`,
    );

  const jobs: JobSettings = {
    workerType,
    executionClass,
    numberOfWorkers: read.read(CONFIG.numberOfWorkers),
    timeoutMinutes: read.read(CONFIG.timeoutMinutes),
    maxRetries: read.read(CONFIG.maxRetries),
    bookmarks: read.read(CONFIG.jobBookmarks),
  };
  const schedule = read.read(CONFIG.schedule);
  const kmsKeyArn = read.read(CONFIG.kmsKeyArn);
  const permissionsBoundaryArn = read.read(CONFIG.permissionsBoundaryArn);
  const storage: StorageSettings = {
    tempRetentionDays: read.read(CONFIG.tempRetentionDays),
    noncurrentVersionRetentionDays: read.read(CONFIG.noncurrentVersionRetentionDays),
    forceDestroy: read.read(CONFIG.forceDestroy),
  };
  const crawlers = read.read(CONFIG.crawlers);

  if (read.problems.length) throw new StackConfigError(stack, read.problems);
  return {
    stack,
    region: region!,
    privacy,
    tableFormat,
    ...(confirmTableFormatChange !== undefined ? { confirmTableFormatChange } : {}),
    databaseName,
    jobs,
    ...(schedule !== undefined ? { schedule } : {}),
    crawlers,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn } : {}),
    storage,
  };
}
