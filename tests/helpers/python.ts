import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface ScriptInspection {
  readonly ok: boolean;
  readonly error: string;
  readonly strings: string[];
}

/** Compiles each file with the machine's python3 and returns its string constants (via `ast`). */
export function inspectPythonFiles(paths: readonly string[]): Record<string, ScriptInspection> {
  const r = spawnSync("python3", [join(__dirname, "..", "python", "inspect_scripts.py")], {
    input: JSON.stringify(paths),
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, ScriptInspection>;
}
