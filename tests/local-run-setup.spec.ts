/** Set-up of the local run that needs no Spark: a missing Java is a clear instruction, not a crash. */
import { expect } from "chai";
import { ensureJava, SetupError } from "../src/cli/python-env";
import { TempDirs } from "./local-run-support";

const temp = new TempDirs();

describe("local run set-up", function () {
  after(() => temp.removeAll());

  it("fails with install instructions when Java is missing", function () {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = temp.dir("no-java"); // a JAVA_HOME without bin/java
    try {
      expect(() => ensureJava(() => undefined)).to.throw(SetupError, /apt-get install -y openjdk-17-jre-headless/);
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });

  it("accepts this machine's Java", function () {
    const notes: string[] = [];
    expect(() => ensureJava((line) => notes.push(line))).to.not.throw();
  });
});
