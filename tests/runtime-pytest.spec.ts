/** The Python runtime's own tests: pytest over tests/pytest (one test per contract call), one Spark session. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { ensurePythonEnv } from "../src/cli/python-env";
import { repoRoot } from "./local-run-support";

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
    expect(summary).to.match(/\d+ passed/);
  });
});
