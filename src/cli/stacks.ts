/** Finds the project's stacks and reads their settings from `Pulumi.<stack>.yaml`, as Pulumi would. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseStackConfig, type StackConfig } from "../config/stack-config";

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

export function readStackConfig(stack: string, root = REPO_ROOT): StackConfig {
  return parseStackConfig(stack, stackConfigValues(stack, root));
}
