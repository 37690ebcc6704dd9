/** The Spark JVM budget's counting (tests/spark-budget.ts), without a JVM: a stand-in process carries the marker. */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { descendantsWith, overBudget, slowest } from "./spark-budget";

describe("Spark JVM budget (tests/spark-budget.ts)", function () {
  it("finds a process of this mocha run by its command line, and not once it has ended", async function () {
    if (process.platform !== "linux") this.skip();
    const marker = `stedi-budget-probe-${process.pid}`;
    // bash -c's $0 is the marker: a long-lived child whose command line holds it, as a JVM's holds SparkSubmit.
    // Each in its own process group, so that killing the group ends the inner bash too.
    const child = spawn("bash", ["-c", "sleep 5; exit 0", marker], { detached: true }); // not the last command: bash stays
    // Its own child bash holds the marker too, as a JVM's fork does until it execs: not counted.
    const forked = spawn("bash", ["-c", `bash -c "sleep 5; exit 0" ${marker}; exit 0`, marker], { detached: true });
    // Both exits awaited below: a killed process is still listed until it has exited.
    const exited = [child, forked].map((p) => new Promise((done) => p.on("exit", done)));
    try {
      await new Promise((done) => setTimeout(done, 200));
      expect(descendantsWith(marker, process.pid, "bash")).to.deep.equal(
        [child.pid, forked.pid].sort((x, y) => x! - y!),
      );
      expect(descendantsWith(marker, process.pid, "bash", ["sleep 5"])).to.deep.equal([]); // as the launcher JVM is excluded
      expect(descendantsWith(marker, process.pid)).to.deep.equal([]); // bash, not java
      expect(descendantsWith(marker, 1 << 30, "bash")).to.deep.equal([]); // another process's descendants are not counted
    } finally {
      for (const p of [child, forked]) process.kill(-p.pid!, "SIGKILL");
    }
    await Promise.all(exited);
    // The inner bash of the killed group may take a moment more to be reaped.
    for (let i = 0; i < 20 && descendantsWith(marker, process.pid, "bash").length > 0; i++)
      await new Promise((done) => setTimeout(done, 100));
    expect(descendantsWith(marker, process.pid, "bash")).to.deep.equal([]);
  });

  it("fails a spec over its budget, or with no budget, naming it and the fix; at or under budget passes", function () {
    const problems = overBudget(
      { "tests/a.spec.ts": 2, "tests/b.spec.ts": 1, "tests/c.spec.ts": 1 },
      { "tests/a.spec.ts": 1, "tests/b.spec.ts": 1 },
    );
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^tests\/a\.spec\.ts started 2 Spark JVMs; its budget .* is 1\. Fix: /);
    expect(problems[0]).to.contain("tests/spark-service.ts");
    expect(problems[1]).to.match(/^tests\/c\.spec\.ts started 1 Spark JVM; its budget .* is 0\./);
  });

  it("has a budget only for spec files that exist", function () {
    const budget = JSON.parse(readFileSync(join(__dirname, "spark-budget.json"), "utf8")) as Record<string, number>;
    for (const spec of Object.keys(budget))
      expect(() => readFileSync(join(__dirname, "..", spec)), spec).to.not.throw();
  });

  it("lists the slowest spec files first, in whole seconds, at most the count asked", function () {
    expect(slowest({ "a.spec.ts": 1.4, "b.spec.ts": 90.6, "c.spec.ts": 12 }, 2)).to.equal(
      "b.spec.ts 91 s, c.spec.ts 12 s",
    );
  });
});
