/**
 * The edit–run loop on a copy of the project: `npm start` runs what the DSL says now (it renders
 * first), `render --check` ignores git-ignored files, and `--jobs` / `--from` run only some jobs,
 * reusing the tables of earlier runs. Small synthetic data keeps the Spark runs short.
 */
import { expect } from "chai";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataLines, TempDirs, type RunReport } from "./local-run-support";
import { ProjectCopy, RunningCommand } from "./project-copy";

const temp = new TempDirs();
const SCALE = ["--scale", "0.05"];

describe("the edit–run loop (a copy of the project)", function () {
  after(() => temp.removeAll());

  let project: ProjectCopy;
  let lakehouse: string;
  before(() => {
    project = new ProjectCopy(temp.dir("project"));
    lakehouse = temp.dir("edit-loop-lakehouse");
  });
  let reportCount = 0;

  function start(args: readonly string[]) {
    const reportFile = join(lakehouse, `report-${++reportCount}.json`);
    const run = project.cli(["run", ...args, "--root", lakehouse, "--report", reportFile]);
    let report: RunReport | undefined;
    try {
      report = JSON.parse(readFileSync(reportFile, "utf8")) as RunReport;
    } catch {
      report = undefined;
    }
    return { ...run, output: `${run.stdout}\n${run.stderr}`, report };
  }

  it("render --check ignores files that git ignores, and still names a stray file", function () {
    mkdirSync(join(project.root, "generated", "dev", "__pycache__"), { recursive: true });
    writeFileSync(
      join(project.root, "generated", "dev", "__pycache__", "customer_landing_to_trusted.cpython-311.pyc"),
      "",
    );
    const clean = project.cli(["render", "--check"]);
    expect(clean.status, clean.stderr).to.equal(0);
    writeFileSync(join(project.root, "generated", "dev", "stray.py"), "");
    const stray = project.cli(["render", "--check"]);
    expect(stray.status).to.equal(1);
    expect(stray.stderr)
      .to.contain("not produced by the DSL: generated/dev/stray.py")
      .and.not.to.contain("__pycache__");
    expect(project.cli(["render"]).status).to.equal(0); // removes the stray file, keeps the ignored one
    expect(project.cli(["render", "--check"]).status).to.equal(0);
  });

  it("npm start after a DSL edit renders first and runs the new logic", function () {
    // Keep the customers WITHOUT research consent: the opposite of the committed job.
    project.edit(
      "jobs/stedi/customer_landing_to_trusted.ts",
      'isNotNull("sharewithresearchasofdate")',
      'isNull("sharewithresearchasofdate")',
    );
    project.edit("jobs/stedi/customer_landing_to_trusted.ts", "import { isNotNull, job }", "import { isNull, job }");
    const before = project.read("generated/dev/customer_landing_to_trusted.py");
    const run = start(SCALE);
    expect(run.status, run.output).to.equal(0);
    expect(run.stdout)
      .to.contain("rendered generated/ first")
      .and.to.contain("changed: generated/dev/customer_landing_to_trusted.py");
    const after = project.read("generated/dev/customer_landing_to_trusted.py");
    expect(after).not.to.equal(before);
    expect(after).to.contain('F.col("sharewithresearchasofdate").isNull()');
    const customers = dataLines(join(lakehouse, "s3", "stedi-dev-data", "customer", "landing")).map(
      (l) => JSON.parse(l) as Record<string, unknown>,
    );
    const withoutConsent = customers.filter((c) => c.shareWithResearchAsOfDate == null).length;
    expect(withoutConsent).to.be.greaterThan(0).and.lessThan(customers.length);
    expect(run.report!.tables.customer_trusted!.rows).to.equal(withoutConsent);
  });

  it("--jobs with an unknown name suggests the right one, before Spark starts", function () {
    const run = start(["--jobs", "machine_learnin_curated"]);
    expect(run.status).to.equal(2);
    expect(run.stderr)
      .to.contain('no job "machine_learnin_curated"')
      .and.to.contain('Did you mean "machine_learning_curated"?');
    expect(run.stdout).not.to.contain("Starting Spark");
  });

  it("--from a job whose inputs were never built names the job to run first", function () {
    const fresh = temp.dir("never-built");
    const run = project.cli(["run", "--from", "step_trainer_landing_to_trusted", "--root", fresh]);
    expect(run.status).to.equal(2);
    expect(run.stderr)
      .to.contain("job step_trainer_landing_to_trusted reads customer_curated, which has never been built")
      .and.to.contain("job machine_learning_curated reads accelerometer_trusted")
      .and.to.contain("npm start -- --from customer_landing_to_trusted");
  });

  it("--jobs runs only the named job on the tables of the last run, with its new logic", function () {
    // No pairs at all: a reading always has a user, so this filter keeps nothing.
    project.edit(
      "jobs/stedi/machine_learning_curated.ts",
      "const training = options.privacy",
      'const none = checked.filter(isNull("user"), { name: "No Readings" });\n    const training = options.privacy',
    );
    project.edit("jobs/stedi/machine_learning_curated.ts", "checked.drop([]", "none.drop([]");
    project.edit("jobs/stedi/machine_learning_curated.ts", ": checked;", ": none;");
    project.edit(
      "jobs/stedi/machine_learning_curated.ts",
      'import { dq, e, job } from "../../src/dsl";',
      'import { dq, e, isNull, job } from "../../src/dsl";',
    );
    const run = start(["--jobs", "machine_learning_curated"]);
    expect(run.status, run.output).to.equal(0);
    expect(run.report!.jobs.map((j) => j.name)).to.deep.equal(["machine_learning_curated"]);
    expect(run.report!.tables.machine_learning_curated!.rows).to.equal(0);
    expect(run.report!.tables.customer_trusted!.rows).to.equal(null); // reused, not rerun
    expect(run.report!.landing).to.contain("already in the lakehouse");
  });

  it("--from runs a job and everything downstream of it", function () {
    const run = start(["--from", "step_trainer_landing_to_trusted"]);
    expect(run.status, run.output).to.equal(0);
    expect(run.report!.jobs.map((j) => j.name)).to.deep.equal([
      "step_trainer_landing_to_trusted",
      "machine_learning_curated",
    ]);
    expect(run.report!.tables.step_trainer_trusted!.rows).to.be.greaterThan(0);
    expect(run.report!.tables.machine_learning_curated!.rows).to.equal(0);
  });

  it("npm run dev reruns only the changed job and what follows it on every save, and shows problems at once", async function () {
    const dev = new RunningCommand(project, ["dev", "--jobs", "machine_learning_curated", "--root", lakehouse]);
    try {
      await dev.waitFor(/Watching jobs\/ for changes/);
      // A one-line change: keep every pair again.
      let mark = dev.output.length;
      project.edit("jobs/stedi/machine_learning_curated.ts", 'isNull("user")', 'isNotNull("user")');
      project.edit(
        "jobs/stedi/machine_learning_curated.ts",
        "import { dq, e, isNull, job }",
        "import { dq, e, isNotNull, job }",
      );
      const rerun = await dev.waitFor(/Counts on screen [\d.]+s after the save\.[\s\S]*Watching jobs/, mark);
      expect(rerun).to.contain("Changed: machine_learning_curated; running 1 job");
      expect(rerun).to.match(/machine_learning_curated\s+curated\s+[1-9][\d,]*/);
      expect(rerun).not.to.contain("customer_landing_to_trusted");
      // A mistake is reported on save, and nothing runs.
      mark = dev.output.length;
      project.edit("jobs/stedi/machine_learning_curated.ts", 'isNotNull("user")', 'isNotNull("usr")');
      const problem = await dev.waitFor(/Fix the DSL and save again/, mark);
      expect(problem).to.contain('field "usr"').and.to.contain('Did you mean "user"?').and.not.to.contain("Changed:");
    } finally {
      await dev.stop();
    }
  });
});
