/**
 * `npm run lint`'s Python half: ruff (pinned in tests/requirements.txt, settings in pyproject.toml)
 * checks and format-checks the runtime, the benchmarks and the Python test helpers.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensurePythonEnv } from "../src/cli/python-env";

const root = join(__dirname, "..");
const { python, env } = ensurePythonEnv(root, (line) => console.log(line), ["tests/requirements.txt"]);
let status = 0;
for (const args of [
  ["check", "."],
  ["format", "--check", "."],
]) {
  const result = spawnSync(python, ["-m", "ruff", ...args], { cwd: root, env, stdio: "inherit" });
  status ||= result.status ?? 1;
}
process.exit(status);
