/**
 * The set-up's JVM class archive (runtime/lakehouse/class_archive.py): made once per Java and pyspark
 * install, it must be one this JVM really maps with Spark's classpath, or every run silently loses the
 * seconds it is there for.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePythonEnv } from "../src/cli/python-env";
import { ensureClassArchive, NO_CLASS_ARCHIVE_TRAINING, runnerInvocation } from "../src/cli/run";
import { repoRoot, TempDirs } from "./local-run-support";

const temp = new TempDirs();

let invocation: ReturnType<typeof runnerInvocation> | undefined;

function python(code: string): string {
  invocation ??= runnerInvocation([], repoRoot, () => undefined); // the set-up, archive included, once
  const result = spawnSync(invocation.command, ["-c", code], { cwd: repoRoot, env: invocation.env, encoding: "utf8" });
  expect(result.status, result.stderr).to.equal(0);
  return result.stdout.trim();
}

/** `java -Xshare:on` refuses to start unless it can map `archive` for Spark's classpath, as spark-submit sets it. */
function mapsWithSparkClasspath(archive: string): { ok: boolean; output: string } {
  const jars = python("from lakehouse import class_archive; print(class_archive._pyspark_jars())");
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  const classpath = `${join(jars, "..", "conf")}:${jars}/*`;
  const probe = spawnSync(java, ["-Xshare:on", `-XX:SharedArchiveFile=${archive}`, "-cp", classpath, "-version"], {
    encoding: "utf8",
  });
  return { ok: probe.status === 0, output: `${probe.stdout}${probe.stderr}` };
}

describe("JVM class archive (set-up)", function () {
  this.timeout(10 * 60 * 1000);
  after(() => temp.removeAll());

  it("is made by the set-up and maps in a JVM with Spark's classpath", function () {
    const archive = python("from lakehouse import class_archive; print(class_archive.archive_path())");
    const failed = archive.replace(/\.jsa$/, ".failed");
    expect(existsSync(failed), existsSync(failed) ? readFileSync(failed, "utf8") : "").to.equal(false);
    expect(existsSync(archive), `no archive at ${archive}`).to.equal(true);
    const mapped = mapsWithSparkClasspath(archive);
    expect(mapped.ok, mapped.output).to.equal(true);
    expect(python("from lakehouse import class_archive; print(class_archive.java_options())")).to.contain(archive);
  });

  it("is the same archive for a copy that links .venv, so a copy's run does not train another and delete this one", function () {
    const archive = python("from lakehouse import class_archive; print(class_archive.archive_path())");
    const copy = temp.dir("linked-venv-copy");
    for (const name of [".venv", "runtime"]) symlinkSync(join(repoRoot, name), join(copy, name), "dir");
    const linked = ensurePythonEnv(copy, () => undefined);
    const code = "from lakehouse import class_archive; print(class_archive.archive_path())";
    const result = spawnSync(linked.python, ["-c", code], { cwd: copy, env: linked.env, encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal(archive);
  });

  it("the probe above can fail: a broken archive does not map", function () {
    const broken = join(temp.dir("broken-archive"), "spark.jsa");
    writeFileSync(broken, "not an archive");
    expect(mapsWithSparkClasspath(broken).ok).to.equal(false);
  });

  it(`trains none with ${NO_CLASS_ARCHIVE_TRAINING}=1, and trains one of a runtime that has none without it`, function () {
    // A stand-in interpreter: it records each call and says the archive is missing, as a new runtime's does.
    const dir = temp.dir("archive-training");
    const calls = join(dir, "calls.txt");
    const standIn = join(dir, "python");
    writeFileSync(standIn, `#!/bin/sh\necho "$*" >> "${calls}"\necho missing\n`);
    chmodSync(standIn, 0o755);
    const said: string[] = [];
    ensureClassArchive(standIn, { ...process.env, [NO_CLASS_ARCHIVE_TRAINING]: "1" }, repoRoot, (l) => said.push(l));
    expect(existsSync(calls)).to.equal(false);
    expect(said).to.deep.equal([]);
    const env = { ...process.env };
    delete env[NO_CLASS_ARCHIVE_TRAINING];
    ensureClassArchive(standIn, env, repoRoot, (l) => said.push(l));
    expect(readFileSync(calls, "utf8").trim().split("\n")).to.deep.equal([
      "-m lakehouse.make_class_archive --status",
      "-m lakehouse.make_class_archive",
    ]);
    expect(said[0]).to.match(/preparing Spark's class archive/);
  });
});
