/**
 * A project is registered data, like a node kind: a name, the options its stacks may set (each one spec, in
 * the style of the engine's own settings), the pipeline and job unit tests as functions of those options,
 * and, optionally, a generator of synthetic landing data. `jobs/index.ts` registers every project; the
 * engine reads nothing else about it. Pure: no I/O here, the engine reads the stack files.
 */
import type { PipelineDef } from "./types";
import type { UnitTestDef } from "./unit-tests";

/** Why a raw value was refused: the text after `<key> is "<value>"; `. */
export interface Invalid {
  readonly problem: string;
}

export const isInvalid = (v: unknown): v is Invalid => typeof v === "object" && v !== null && "problem" in v;

/**
 * One setting, fully described: the stack parser reads it with `parse`, the configuration reference is generated
 * from it, and the tests loop over it. `key` is the name inside its namespace (`privacy`, not `stedi:privacy`).
 */
export interface OptionSpec<T = unknown> {
  readonly type: "string" | "enum" | "integer" | "boolean" | "cron";
  /** The value when the key is not set; `undefined` for optional settings with no value. */
  readonly default: T;
  /** How the reference shows the default. */
  readonly defaultText: string;
  /** The allowed values, as the reference shows them. */
  readonly allowed: string;
  readonly meaning: string;
  readonly parse: (raw: string) => T | Invalid;
  /** Integer keys: the inclusive range. */
  readonly limits?: { readonly min: number; readonly max: number };
  /** Enum keys: the values. */
  readonly values?: readonly string[];
}

/** The builders of option specs, shared by project options and the engine's settings. */
export const option = {
  enum<T extends string>(values: readonly T[], fallback: T, meaning: string, allowedNote = ""): OptionSpec<T> {
    return {
      type: "enum",
      default: fallback,
      defaultText: fallback,
      meaning,
      values,
      allowed: values.map((v) => `\`${v}\``).join(", ") + allowedNote,
      parse: (raw) =>
        (values as readonly string[]).includes(raw) ? (raw as T) : { problem: `allowed values: ${values.join(", ")}.` },
    };
  },

  /** An optional choice: no value unless set. */
  optionalEnum<T extends string>(values: readonly T[], meaning: string): OptionSpec<T | undefined> {
    return { ...option.enum(values, values[0]!, meaning), default: undefined, defaultText: "(none)" };
  },

  integer(min: number, max: number, fallback: number, meaning: string): OptionSpec<number> {
    const allowed = `an integer from ${min} to ${max}`;
    return {
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
  },

  boolean(fallback: boolean, meaning: string): OptionSpec<boolean> {
    return {
      type: "boolean",
      default: fallback,
      defaultText: String(fallback),
      allowed: "`true`, `false`",
      meaning,
      parse: (raw) =>
        raw === "true" || raw === "false" ? raw === "true" : { problem: "allowed values: true, false." },
    };
  },

  /** An optional free-form value; `problem` says what is wrong with it, or undefined when it is fine. */
  checked(
    type: "string" | "cron",
    defaultText: string,
    allowed: string,
    meaning: string,
    problem: (v: string) => string | undefined,
  ): OptionSpec<string | undefined> {
    return {
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
  },
};

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed values of a project's options, typed by their specs. */
export type OptionValues<S extends OptionSpecs> = { readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

/** The value an option takes in the render contract and `pipeline.json`: opaque to the engine. */
export type OptionValue = string | number | boolean;

export interface SyntheticLanding {
  /**
   * A Python file, relative to the repository root, defining `generate(out_dir, scale, seed)` that writes one
   * folder of JSON lines per landing entity (`<out_dir>/<entity>/landing/*.json`). The local runner loads it
   * by path; `npm start -- --scale N` and the smoke run call it.
   */
  readonly script: string;
}

export interface ProjectDef<S extends OptionSpecs = OptionSpecs> {
  /** Lower-case identifier; the stack files name it in `lakehouse:project`, its options live under `<name>:`. */
  readonly name: string;
  readonly description: string;
  readonly options: S;
  readonly pipeline: (options: OptionValues<S>) => PipelineDef;
  /** The job unit tests (`npm run test:jobs`), for the same options. */
  readonly unitTests?: (options: OptionValues<S>) => UnitTestDef[];
  readonly synthetic?: SyntheticLanding;
  /** A folder of sample landing data (relative to the repo root) that `npm start` uses when no --landing is given. */
  readonly sampleLanding?: string;
}

const PROJECT_NAME = /^[a-z][a-z0-9_]{0,30}$/;

/** A registered project, its option types erased: what the engine holds in its registry. */
export type Project = ProjectDef<OptionSpecs>;

/**
 * Declares a project. Its name is checked here, since it becomes a config namespace and part of resource names.
 * The typed options are erased in the result: the engine passes `pipeline` and `unitTests` only values that
 * these same specs parsed (src/config/stack-config.ts), so the erasure cannot let a wrong value through.
 */
export function project<S extends OptionSpecs>(def: ProjectDef<S>): Project {
  if (!PROJECT_NAME.test(def.name))
    throw new Error(
      `Project name ${JSON.stringify(def.name)} is not usable: it becomes a config namespace and starts every resource ` +
        "name, so use a lower-case identifier (a-z, 0-9, _; at most 31 characters, starting with a letter).",
    );
  if (def.name === "lakehouse" || def.name === "aws")
    throw new Error(
      `Project name ${JSON.stringify(def.name)} is reserved: the engine's settings use the "lakehouse:" namespace and ` +
        'the AWS provider "aws:". Choose another name.',
    );
  return def as unknown as Project;
}
