/** The Python runtime's own tests: pytest over tests/pytest (one test per contract call), one Spark session. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { ensurePythonEnv } from "../src/cli/python-env";
import { repoRoot } from "./local-run-support";

/** The tests in tests/pytest today (parametrized cases counted one by one); raise it when adding tests. */
const MINIMUM_TESTS = 127;

describe("Python runtime (pytest, tests/pytest)", function () {
  it("passes every test", function () {
    const { python, env } = ensurePythonEnv(repoRoot, (line) => console.log(`      ${line}`), [
      "runtime/requirements.txt",
      "tests/requirements.txt",
    ]);
    const result = spawnSync(python, ["-m", "pytest", "-p", "no:cacheprovider"], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
    });
    const summary = result.stdout.trim().split("\n").pop() ?? "";
    console.log(`      pytest: ${summary}`);
    expect(result.status, `${result.stdout}\n${result.stderr}`).to.equal(0);
    // A collection problem (a renamed file, an import error caught as a skip) shows as fewer tests.
    const passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 0);
    expect(passed, summary).to.be.at.least(MINIMUM_TESTS);
    expect(summary).to.not.match(/skipped|xfail|error/);
  });
});
