/** Finds the project's stacks and reads their settings from `Pulumi.<stack>.yaml`, as Pulumi would. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECTS } from "../../jobs";
import { ENGINE_NAMESPACE, parseStackConfig, type StackConfig } from "../config/stack-config";
import { optionKey, type Project } from "../dsl";

/** Project options to set on every stack whose project has them, e.g. `{ tableFormat: "iceberg" }`. */
export type OptionOverrides = Readonly<Record<string, string>>;

export const REPO_ROOT = join(__dirname, "..", "..");

export function stackNames(root = REPO_ROOT): string[] {
  return readdirSync(root)
    .map((f) => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The stack file's `config:` block flattened to Pulumi's `namespace:key → string` form. */
export function stackConfigValues(stack: string, root = REPO_ROOT): Record<string, string> {
  const file = join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(file))
    throw new Error(`No stack file ${file}. Stacks here: ${stackNames(root).join(", ") || "none"}.`);
  const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return values;
}

/**
 * A stack's settings, parsed against the registered projects. A project option's override applies only when the
 * stack's project declares that option, so `--table-format iceberg` changes the projects that have a table format and
 * no other; an engine key's (`lakehouse:...`) applies to every stack, and is validated as the stack file's would be.
 */
export function readStackConfig(
  stack: string,
  root = REPO_ROOT,
  overrides: OptionOverrides = {},
  projects: readonly Project[] = PROJECTS,
): StackConfig {
  const values = stackConfigValues(stack, root);
  const project = projects.find((p) => p.name === values["lakehouse:project"]);
  for (const [option, value] of Object.entries(overrides)) {
    // An engine key (`lakehouse:glueVersion`) applies to every stack; a project option only where it is declared.
    if (option.startsWith(`${ENGINE_NAMESPACE}:`)) values[option] = value;
    else if (project && option in project.options) values[optionKey(project.name, option)] = value;
  }
  return parseStackConfig(stack, values, projects);
}
