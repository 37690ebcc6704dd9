/**
 * `npm run lint`'s Python half (and so part of `npm test`): ruff (pinned in tests/requirements.txt, settings in
 * pyproject.toml) checks and format-checks the runtime, the benchmarks and the Python test helpers, then pyright
 * (a devDependency, settings in pyproject.toml) type-checks runtime/ against the venv's pyspark: a type error fails
 * `npm test` (docs/decisions/ci-python-type-check.md).
 * `--write` (`npm run format`) applies ruff's safe fixes and formats instead of checking, and skips pyright.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensurePythonEnv } from "../src/cli/python-env";

const root = join(__dirname, "..");
const write = process.argv.includes("--write");
// pyright resolves the runtime's imports (pyspark, py4j, jsonschema) in the venv, so the check needs the runtime's
// requirements too; formatting alone (--write) needs only ruff.
const requirements = write ? ["tests/requirements.txt"] : ["tests/requirements.txt", "runtime/requirements.txt"];
const { python, env } = ensurePythonEnv(root, (line) => console.log(line), requirements);
const commands = write
  ? [
      ["check", "--fix", "."],
      ["format", "."],
    ]
  : [
      ["check", "."],
      ["format", "--check", "."],
    ];
let status = 0;
for (const args of commands) {
  const result = spawnSync(python, ["-m", "ruff", ...args], { cwd: root, env, stdio: "inherit" });
  status ||= result.status ?? 1;
}
if (status !== 0 && !write)
  console.error("Python lint failed: `npm run format` fixes formatting and import order; fix the rest by hand.");
if (!write) {
  // The settings file is named: pyright otherwise takes the first pyrightconfig.json found above the checkout.
  const args = [require.resolve("pyright/index.js"), "--project", join(root, "pyproject.toml"), "--pythonpath", python];
  const pyright = spawnSync(process.execPath, args, {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (pyright.status !== 0)
    console.error("Python type check failed (pyright, settings in pyproject.toml): fix the errors it names.");
  status ||= pyright.status ?? 1;
}
process.exit(status);
