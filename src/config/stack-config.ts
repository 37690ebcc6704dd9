/**
 * Stack configuration, parsed from the flat `key → string` map Pulumi keeps in `Pulumi.<stack>.yaml`.
 * Pure: both the Pulumi program (from pulumi.Config) and the render CLI (from the YAML file) call it,
 * so the generated files and the deployed resources can never disagree about a stack.
 */
export const PRIVACY_PROFILES = ["standard", "strict"] as const;
export type Privacy = (typeof PRIVACY_PROFILES)[number];

export interface StackConfig {
  readonly stack: string;
  readonly privacy: Privacy;
  /** Glue database name; defaults to `stedi_<stack>`. */
  readonly databaseName: string;
}

export class StackConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(`Stack "${stackName}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StackConfigError";
  }
}

export function parseStackConfig(stack: string, values: Readonly<Record<string, string | undefined>>): StackConfig {
  const problems: string[] = [];
  const privacy = values["stedi:privacy"] ?? "standard";
  if (!(PRIVACY_PROFILES as readonly string[]).includes(privacy))
    problems.push(`stedi:privacy is ${JSON.stringify(privacy)}; allowed values: ${PRIVACY_PROFILES.join(", ")}.`);
  const databaseName = values["stedi:databaseName"] ?? `stedi_${stack.replace(/[^a-z0-9_]/g, "_")}`;
  if (!/^[a-z_][a-z0-9_]{0,254}$/.test(databaseName))
    problems.push(`stedi:databaseName is ${JSON.stringify(databaseName)}; it must be a lower-case identifier (a-z, 0-9, _).`);
  if (problems.length) throw new StackConfigError(stack, problems);
  return { stack, privacy: privacy as Privacy, databaseName };
}
