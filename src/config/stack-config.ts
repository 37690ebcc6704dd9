/**
 * Stack configuration, parsed from the flat `namespace:key → string` map Pulumi keeps in `Pulumi.<stack>.yaml`.
 * Pure: both the Pulumi program (from Pulumi's config) and the render CLI (from the YAML file) call it,
 * so the generated files and the deployed resources can never disagree about a stack.
 *
 * Every problem is collected before anything is thrown, and each message names the key, the value it
 * found and what is allowed, so one run of `pulumi preview` lists everything to fix.
 */
import { closest } from "../model/problems";
import {
  isInvalid,
  option,
  optionKey,
  type OptionNamespace,
  type OptionSpec,
  type OptionValue,
} from "../model/options";
import { defaultDatabaseName } from "../model/stacks";
import { DEFAULT_GLUE_VERSION, GLUE_VERSIONS, glueVersionAtLeast, type GlueVersion } from "../model/glue-versions";
import { awsCronProblem, CRON_EXAMPLE } from "./cron";

// The naming rule is the model's (render and the runner use it too); infra/ and bootstrap/ read it from here.
export { defaultDatabaseName, qualifiedStackName } from "../model/stacks";
export { DEFAULT_GLUE_VERSION, GLUE_VERSION_FACTS, GLUE_VERSIONS, type GlueVersion } from "../model/glue-versions";

/**
 * Glue's worker types for Spark jobs: the DPUs each bills (docs/operations/deploy.md, the cost) and the first Glue
 * version that offers it. From docs.aws.amazon.com/glue/latest/dg/worker-types.html and migrating-version-50.html
 * ("G.12X, G.16X, and memory-optimized R.1X, R.2X, R.4X, R.8X are available in AWS Glue 4.0 and later"; G.4X and
 * G.8X need 3.0). R types bill M-DPUs (twice the memory per DPU). The Graviton types arrive with Glue 6.1
 * (migrating-version-61.html: G.1X.GRAVITON to G.16X.GRAVITON, R.1X.GRAVITON to R.8X.GRAVITON), which no supported
 * version reaches yet: they are listed so a stack asking for one is told why it is refused.
 */
export const WORKER_TYPE_FACTS = {
  "G.1X": { dpus: 1, since: "2.0" },
  "G.2X": { dpus: 2, since: "2.0" },
  "G.4X": { dpus: 4, since: "3.0" },
  "G.8X": { dpus: 8, since: "3.0" },
  "G.12X": { dpus: 12, since: "4.0" },
  "G.16X": { dpus: 16, since: "4.0" },
  "R.1X": { dpus: 1, since: "4.0" },
  "R.2X": { dpus: 2, since: "4.0" },
  "R.4X": { dpus: 4, since: "4.0" },
  "R.8X": { dpus: 8, since: "4.0" },
  "G.1X.GRAVITON": { dpus: 1, since: "6.1" },
  "G.2X.GRAVITON": { dpus: 2, since: "6.1" },
  "G.4X.GRAVITON": { dpus: 4, since: "6.1" },
  "G.8X.GRAVITON": { dpus: 8, since: "6.1" },
  "G.12X.GRAVITON": { dpus: 12, since: "6.1" },
  "G.16X.GRAVITON": { dpus: 16, since: "6.1" },
  "R.1X.GRAVITON": { dpus: 1, since: "6.1" },
  "R.2X.GRAVITON": { dpus: 2, since: "6.1" },
  "R.4X.GRAVITON": { dpus: 4, since: "6.1" },
  "R.8X.GRAVITON": { dpus: 8, since: "6.1" },
} as const satisfies Record<string, { dpus: number; since: string }>;
export type WorkerType = keyof typeof WORKER_TYPE_FACTS;
export const WORKER_TYPES = Object.keys(WORKER_TYPE_FACTS) as WorkerType[];
export const WORKER_DPUS = Object.fromEntries(WORKER_TYPES.map((t) => [t, WORKER_TYPE_FACTS[t].dpus])) as Record<
  WorkerType,
  number
>;
/** The worker types a Glue version offers. */
export const workerTypesOn = (version: GlueVersion): WorkerType[] =>
  WORKER_TYPES.filter((t) => glueVersionAtLeast(version, WORKER_TYPE_FACTS[t].since));

export const EXECUTION_CLASSES = ["STANDARD", "FLEX"] as const;
export type ExecutionClass = (typeof EXECUTION_CLASSES)[number];
/**
 * Glue runs FLEX only on these worker types: "Flexible job runs are supported for jobs using AWS Glue version 3.0 or
 * later and G.1X or G.2X worker types" (the Glue API's ExecutionClass; the 5.1 and 6.0 migration pages carry "all
 * existing job parameters and major features" over, and list no FLEX change).
 */
export const FLEX_WORKER_TYPES: readonly WorkerType[] = ["G.1X", "G.2X"];

/** A table's storage formats (the DSL's `Format`: tests/table-formats.spec.ts keeps the two lists equal). */
export const CHANGEABLE_FORMATS = ["json", "parquet", "iceberg"] as const;
export type ChangeableFormat = (typeof CHANGEABLE_FORMATS)[number];

export interface JobSettings {
  /** `lakehouse:glueVersion`: the job's Glue version, which also picks the arguments that differ (infra/jobs.ts). */
  readonly glueVersion: GlueVersion;
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
  /** The registered project this stack deploys (`lakehouse:project`). */
  readonly project: string;
  /** The project's options, parsed by its own specs from `<project>:<key>`; opaque to the engine. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** `lakehouse:confirmTableFormatChange`: deployed tables may change to this format now (infra/table-formats.ts). */
  readonly confirmTableFormatChange?: ChangeableFormat;
  /** Glue database name; defaults to `<project>_<stack>` (just the stack when it starts with the project's name). */
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

/** One engine setting: its full key (`lakehouse:workerType`) and its spec. */
export interface ConfigKeySpec<T = unknown> extends OptionSpec<T> {
  readonly key: string;
}

const keyed = <T>(key: string, spec: OptionSpec<T>): ConfigKeySpec<T> => ({ ...spec, key });
const enumKey = <T extends string>(key: string, values: readonly T[], fallback: T, meaning: string, note = "") =>
  keyed(key, option.enum(values, fallback, meaning, note));
const integerKey = (key: string, min: number, max: number, fallback: number, meaning: string) =>
  keyed(key, option.integer(min, max, fallback, meaning));
const booleanKey = (key: string, fallback: boolean, meaning: string) => keyed(key, option.boolean(fallback, meaning));
const optionalEnumKey = <T extends string>(key: string, values: readonly T[], meaning: string) =>
  keyed(key, option.optionalEnum(values, meaning));
const checkedKey = (...[key, ...rest]: [string, ...Parameters<typeof option.checked>]) =>
  keyed(key, option.checked(...rest));

/** The engine's settings live here; a project's options live under `<project>:`. */
export const ENGINE_NAMESPACE = "lakehouse";

/**
 * Every setting, in docs/reference/configuration.md's order. `aws:region` is required and read on its own (see
 * parseStackConfig).
 */
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
  project: checkedKey(
    "lakehouse:project",
    "string",
    "(required)",
    "the name of a registered project (`jobs/registered.ts`)",
    "The project this stack deploys; its options are set under `<project>:` (docs/reference/configuration.md lists each project's).",
    (v) => (/^[a-z][a-z0-9_]*$/.test(v) ? undefined : "allowed values: a project name, a lower-case identifier"),
  ),
  confirmTableFormatChange: optionalEnumKey(
    "lakehouse:confirmTableFormatChange",
    CHANGEABLE_FORMATS,
    'Confirms a deploy that changes deployed tables to this format, after the steps the refusal lists (docs/operations/rollback.md, "Changing a table\'s format"); without it such a deploy is refused before anything changes. Remove it after that deploy.',
  ),
  databaseName: checkedKey(
    "lakehouse:databaseName",
    "string",
    "`<project>_<stack>`",
    "a lower-case identifier (`a-z`, `0-9`, `_`)",
    "Glue Data Catalog database holding every table.",
    (v) => (/^[a-z_][a-z0-9_]{0,254}$/.test(v) ? undefined : "it must be a lower-case identifier (a-z, 0-9, _)"),
  ),
  glueVersion: enumKey(
    "lakehouse:glueVersion",
    GLUE_VERSIONS,
    DEFAULT_GLUE_VERSION,
    "AWS Glue version of every job: 5.0 (Spark 3.5.4, EMRFS), 5.1 (Spark 3.5.6, S3A), 6.0 (Spark 4.1.1, S3A, ANSI SQL on). It sets the job arguments that differ, and `npm start` runs the stack on its local runtime. Changing it shows as a `glueVersion` change on every job in the preview (docs/decisions/glue-version-per-stack.md).",
  ),
  workerType: enumKey(
    "lakehouse:workerType",
    WORKER_TYPES,
    "G.1X",
    "Glue worker size; a G.nX or R.nX worker bills n DPUs (R: memory-optimized M-DPUs). G.12X, G.16X and R.* need Glue 4.0 or later; the .GRAVITON types need Glue 6.1, which no supported version is yet.",
  ),
  numberOfWorkers: integerKey(
    "lakehouse:numberOfWorkers",
    2,
    299,
    2,
    "Workers per job run (Glue's minimum for Spark jobs is 2).",
  ),
  executionClass: enumKey(
    "lakehouse:executionClass",
    EXECUTION_CLASSES,
    "STANDARD",
    "FLEX runs on spare capacity at a lower price and may start later; STANDARD starts at once.",
    ` (FLEX needs ${FLEX_WORKER_TYPES.map((t) => `\`${t}\``).join(" or ")})`,
  ),
  timeoutMinutes: integerKey(
    "lakehouse:timeoutMinutes",
    1,
    2880,
    60,
    "A job run is stopped after this many minutes (Glue's own default is 2,880, i.e. 48 billed hours).",
  ),
  maxRetries: integerKey(
    "lakehouse:maxRetries",
    0,
    10,
    0,
    "Automatic retries of a failed job run. Safe: overwrite jobs purge their output before writing.",
  ),
  jobBookmarks: booleanKey(
    "lakehouse:jobBookmarks",
    false,
    "Enable job bookmarks for the jobs whose every source bookmarks track and whose every sink appends (lineage.md lists them); the others always run with bookmarks disabled.",
  ),
  schedule: checkedKey(
    "lakehouse:schedule",
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
    "lakehouse:crawlers",
    false,
    "Create a crawler over the landing tables that logs schema drift without changing the declared schemas.",
  ),
  kmsKeyArn: checkedKey(
    "lakehouse:kmsKeyArn",
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
    "lakehouse:permissionsBoundaryArn",
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
    "lakehouse:tempRetentionDays",
    1,
    365,
    7,
    "Days before objects under the assets bucket's `temp/` prefix expire.",
  ),
  noncurrentVersionRetentionDays: integerKey(
    "lakehouse:noncurrentVersionRetentionDays",
    1,
    3650,
    30,
    "Days a replaced or deleted object version is kept in the versioned data bucket.",
  ),
  forceDestroy: booleanKey(
    "lakehouse:forceDestroy",
    false,
    "Let `pulumi destroy` delete non-empty buckets. Use only for throw-away stacks.",
  ),
} as const;

export const CONFIG_KEYS: readonly ConfigKeySpec[] = Object.values(CONFIG);

const code = (text: string) => (text.startsWith("(") || text.includes("`") ? text : `\`${text}\``);
/** One reference table of specs by their full keys, as docs/reference/configuration.md shows them. */
function specTable(specs: readonly (readonly [string, OptionSpec])[]): string {
  const rows = specs.map(
    ([key, spec]) => `| \`${key}\` | ${spec.type} | ${code(spec.defaultText)} | ${spec.allowed} | ${spec.meaning} |`,
  );
  return ["| key | type | default | allowed values | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** docs/reference/configuration.md's engine table, generated from CONFIG (tests/config.spec.ts keeps them equal). */
export function configReferenceTable(): string {
  return specTable(CONFIG_KEYS.map((spec) => [spec.key, spec] as const));
}

/** A project's options as a reference table, generated from its specs like the engine's. */
export function projectOptionsTable(project: OptionNamespace): string {
  const specs = Object.entries(project.options).map(([name, spec]) => [optionKey(project.name, name), spec] as const);
  return specs.length ? specTable(specs) : `Project \`${project.name}\` has no options.`;
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

/** The project's options read by their specs from `<project>:<key>`, every bad value recorded. */
function readProjectOptions(read: ConfigReader, project: OptionNamespace): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(project.options)) {
    const value = read.read({ ...spec, key: optionKey(project.name, name) });
    if (value !== undefined) options[name] = value as OptionValue;
  }
  return options;
}

/** A key in our namespaces that no spec reads: a typo, or a key in the wrong namespace. */
function unknownKeys(
  read: ConfigReader,
  values: Readonly<Record<string, string | undefined>>,
  project?: OptionNamespace,
) {
  const projectKeys = project ? Object.keys(project.options).map((k) => optionKey(project.name, k)) : [];
  const known = [...KNOWN_KEYS, ...projectKeys];
  const ours = (key: string) =>
    key.startsWith(`${ENGINE_NAMESPACE}:`) || (project && key.startsWith(`${project.name}:`));
  for (const key of Object.keys(values).filter((k) => ours(k) && !known.includes(k))) {
    const bare = key.slice(key.indexOf(":") + 1);
    const moved = known.find((k) => k.slice(k.indexOf(":") + 1) === bare);
    const near = moved ?? closest(key, known);
    const namespace = key.slice(0, key.indexOf(":"));
    const allowed = known.filter((k) => k.startsWith(`${namespace}:`));
    read.problems.push(
      `${key} is not a known setting${near ? `; did you mean ${near}?` : "."} Allowed keys: ${allowed.join(", ") || "none"}.`,
    );
  }
}

/**
 * Parses a stack's flat config map. `projects` is the registry (`jobs/registered.ts`, read by `jobs/index.ts`):
 * the stack's `lakehouse:project` must name one of them, whose option specs then read the `<project>:` keys.
 */
export function parseStackConfig(
  stack: string,
  values: Readonly<Record<string, string | undefined>>,
  projects: readonly OptionNamespace[],
): StackConfig {
  const read = new ConfigReader(values);

  const region = read.read(CONFIG.region);
  if (read.raw(CONFIG.region.key) === undefined)
    read.problems.push("aws:region is missing; set it with `pulumi config set aws:region <region>`, e.g. us-east-1.");

  const projectName = read.read(CONFIG.project);
  const names = projects.map((p) => p.name);
  const project = projects.find((p) => p.name === projectName);
  if (projectName === undefined)
    read.problems.push(
      `lakehouse:project is missing; set it to the project this stack deploys, one of: ${names.join(", ")} (e.g. \`pulumi config set lakehouse:project ${names[0] ?? "<name>"}\`).`,
    );
  else if (!project) {
    const near = closest(projectName, names);
    read.problems.push(
      `lakehouse:project is ${JSON.stringify(projectName)}, which is not a registered project${near ? `; did you mean ${near}?` : "."} Registered in jobs/registered.ts: ${names.join(", ")}.`,
    );
  }
  // A misspelt key would otherwise be ignored silently and its default used.
  unknownKeys(read, values, project);
  // So would another project's option, e.g. in a stack file copied from another project's.
  for (const other of projects.filter((p) => p !== project))
    for (const key of Object.keys(values).filter((k) => k.startsWith(`${other.name}:`)))
      read.problems.push(
        `${key} is an option of project ${other.name}, but this stack deploys ${projectName ?? "no project"} (lakehouse:project); remove it, or set lakehouse:project to ${other.name}.`,
      );
  const options = project ? readProjectOptions(read, project) : {};

  const confirmTableFormatChange = read.read(CONFIG.confirmTableFormatChange);
  const databaseName = read.read(CONFIG.databaseName) ?? defaultDatabaseName(projectName ?? "lakehouse", stack);

  const glueVersion = read.read(CONFIG.glueVersion);
  // YAML reads an unquoted 6.0 as the number 6, which reaches us as "6".
  const rawVersion = read.raw(CONFIG.glueVersion.key);
  const meant = rawVersion !== undefined && /^\d+$/.test(rawVersion) ? `${rawVersion}.0` : undefined;
  if (meant !== undefined && (GLUE_VERSIONS as readonly string[]).includes(meant))
    read.problems[read.problems.length - 1] +=
      ` An unquoted ${meant} in the stack file reads as the number ${rawVersion}: quote it, lakehouse:glueVersion: "${meant}".`;
  const workerType = read.read(CONFIG.workerType);
  if (!workerTypesOn(glueVersion).includes(workerType))
    read.problems.push(
      `lakehouse:workerType is ${JSON.stringify(workerType)}, which Glue ${glueVersion} (lakehouse:glueVersion) does not offer: it needs Glue ${WORKER_TYPE_FACTS[workerType].since} or later. Allowed on ${glueVersion}: ${workerTypesOn(glueVersion).join(", ")}.`,
    );
  const executionClass = read.read(CONFIG.executionClass);
  if (executionClass === "FLEX" && !FLEX_WORKER_TYPES.includes(workerType))
    read.problems.push(
      `lakehouse:executionClass is "FLEX" but lakehouse:workerType is ${JSON.stringify(workerType)}; FLEX allows lakehouse:workerType ${FLEX_WORKER_TYPES.join(" or ")}.`,
    );

  const jobs: JobSettings = {
    glueVersion,
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
    project: projectName!,
    options,
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
