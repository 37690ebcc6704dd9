/**
 * Option specs: one setting fully described (type, default, allowed values, meaning, parser). The engine's stack
 * settings and each project's options are built with the same builders, so the parser, the generated reference and
 * the tests read them alike. Pure model: no I/O, no pipeline.
 */
/** Why a raw value was refused: the text after `<key> is "<value>"; `. */
export interface Invalid {
  readonly problem: string;
}

export const isInvalid = (v: unknown): v is Invalid => typeof v === "object" && v !== null && "problem" in v;

/**
 * One setting, fully described: the stack parser reads it with `parse`, the configuration reference is generated
 * from it, and the tests loop over it. `key` is the name inside its namespace (`region`, not `<project>:region`).
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
}

/** The builders of option specs, shared by project options and the engine's settings. */
export const option = {
  enum<T extends string>(values: readonly T[], fallback: T, meaning: string, allowedNote = ""): OptionSpec<T> {
    return {
      type: "enum",
      default: fallback,
      defaultText: fallback,
      meaning,
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
export type OptionValues<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never;
};

/** The value an option takes in the render contract and `pipeline.json`: opaque to the engine. */
export type OptionValue = string | number | boolean;

/** An option's full key in the stack file: `<project>:region`. */
export const optionKey = (namespace: string, name: string): string => `${namespace}:${name}`;

/** What the stack parser needs of a project: its name (the namespace) and its option specs. */
export interface OptionNamespace {
  readonly name: string;
  readonly options: OptionSpecs;
}
