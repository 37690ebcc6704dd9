/** The local awsglue subset, call by call, on real Spark (see tests/local_run_glue_api.py). */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runnerInvocation } from "../src/cli/run";
import { repoRoot, TempDirs } from "./local-run-support";

const temp = new TempDirs();

describe("local Glue runtime (awsglue subset)", function () {
  after(() => temp.removeAll());

  it("behaves as the contract says: transforms, sink append and catalog updates, purge, unsupported calls", function () {
    const invocation = runnerInvocation([], repoRoot);
    const result = spawnSync(invocation.command, [join(__dirname, "local_run_glue_api.py"), temp.dir("glue-api")], {
      env: invocation.env,
      encoding: "utf8",
    });
    const failed = result.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
    expect(failed, result.stdout + result.stderr).to.deep.equal([]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^ok {4}/m);
  });
});
