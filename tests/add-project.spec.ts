/**
 * Adding a project takes a folder, one registration line and its stack files, and nothing else: in a copy of the
 * repository, a throw-away third project is added exactly that way, then rendered, run on local Spark and
 * deployed under the Pulumi mocks, each through the copy's own commands and program.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ProjectCopy } from "./project-copy";
import { repoRoot, TempDirs, type RunReport } from "./local-run-support";

const temp = new TempDirs();

/** The new folder: a job in its own file (its scripts name it), and the project that registers the pipeline. */
const JOB = `import { column, gt, job, table } from "../../src/dsl";

const readings_landing = table("readings_landing", {
  entity: "readings",
  zone: "landing",
  columns: [column("sensor", "string"), column("value", "double")],
});
const readings_trusted = table("readings_trusted", { entity: "readings", zone: "trusted" });

export default job("readings_landing_to_trusted", ({ source, sink }) => {
  const readings = source(readings_landing, { name: "Readings Landing" });
  sink(readings.filter(gt("value", 0), { name: "Positive Values" }), readings_trusted, {
    name: "Readings Trusted",
    mode: "overwrite",
  });
});
`;
const PROJECT = `import { pipeline, project } from "../../src/dsl";
import landingToTrusted from "./readings_landing_to_trusted";

export default project({
  name: "third",
  description: "A throw-away project: sensor readings, the positive ones kept.",
  options: {},
  pipeline: () => pipeline("third", [landingToTrusted]),
});
`;
const REGISTRATION = 'export { default as third } from "./third/project";\n';
const STACK_FILE = "config:\n  aws:region: us-east-1\n  lakehouse:project: third\n";

/** Runs the copy's Pulumi program for a stack under the copy's mocks (tests/infra-harness.ts) and prints a summary. */
const DEPLOY_UNDER_MOCKS = `import { runProgram } from "./tests/infra-harness";
void runProgram(process.argv[2]!).then((run) => {
  const jobs = run.ofType("aws:glue/job:Job");
  console.log(JSON.stringify({
    jobs: jobs.map((j) => j.inputs.name),
    roles: run.ofType("aws:iam/role:Role").map((r) => r.inputs.name),
    tables: run.ofType("aws:glue/catalogTable:CatalogTable").map((t) => t.inputs.name),
    buckets: run.ofType("aws:s3/bucket:Bucket").map((b) => b.name),
    outputs: { project: run.outputs.project, database: run.outputs.database, workflow: run.outputs.workflow },
  }));
});
`;

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The copy's files (outside linked folders) that differ from this checkout's, or that it alone has. */
function changedFiles(copy: ProjectCopy): string[] {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: copy.root,
    encoding: "utf8",
  });
  return listed.stdout
    .split("\0")
    .filter(Boolean)
    .filter((f) => !existsSync(join(repoRoot, f)) || sha(join(repoRoot, f)) !== sha(join(copy.root, f)))
    .sort();
}

describe("adding a project: a folder, one registration line and its stack files", function () {
  let copy: ProjectCopy;
  let landing: string;

  before(function () {
    copy = new ProjectCopy(temp.dir("third-project"));
    mkdirSync(join(copy.root, "jobs", "third"));
    writeFileSync(join(copy.root, "jobs", "third", "readings_landing_to_trusted.ts"), JOB);
    writeFileSync(join(copy.root, "jobs", "third", "project.ts"), PROJECT);
    writeFileSync(join(copy.root, "jobs", "registered.ts"), copy.read("jobs/registered.ts") + REGISTRATION);
    writeFileSync(join(copy.root, "Pulumi.third-dev.yaml"), STACK_FILE);
    landing = temp.dir("third-landing");
    mkdirSync(join(landing, "readings", "landing"), { recursive: true });
    writeFileSync(
      join(landing, "readings", "landing", "readings.json"),
      ['{"sensor": "a", "value": 1.5}', '{"sensor": "b", "value": -2.0}', '{"sensor": "c", "value": 3}', "not json"]
        .map((l) => `${l}\n`)
        .join(""),
    );
  });
  after(() => temp.removeAll());

  it("renders the new stack's scripts and changes no other project's files", function () {
    const render = copy.cli(["render"]);
    expect(render.status, render.stderr).to.equal(0);
    const generated = readdirSync(join(copy.root, "generated", "third-dev")).sort();
    expect(generated).to.include.members(["readings_landing_to_trusted.py", "pipeline.json", "lineage.md"]);
    expect(changedFiles(copy)).to.deep.equal(
      [
        "Pulumi.third-dev.yaml",
        ...generated.filter((f) => f !== "ddl").map((f) => `generated/third-dev/${f}`),
        "generated/third-dev/ddl/readings_landing.sql",
        "jobs/registered.ts",
        "jobs/third/project.ts",
        "jobs/third/readings_landing_to_trusted.ts",
      ].sort(),
    );
    const script = copy.read("generated/third-dev/readings_landing_to_trusted.py");
    expect(script.split("\n")[0]).to.contain("from jobs/third/readings_landing_to_trusted.ts for stack third-dev");
    const check = copy.cli(["render", "--check"]);
    expect(check.status, check.stderr).to.equal(0);
  });

  it("runs the new stack on local Spark: the positive readings kept, the bad line rejected and counted", function () {
    const report = join(copy.root, "third-report.json");
    const run = copy.cli(
      [
        "run",
        "--stack",
        "third-dev",
        "--landing",
        landing,
        "--root",
        join(copy.root, ".lakehouse"),
        "--report",
        report,
      ],
      { timeoutMs: 600_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    const result = JSON.parse(readFileSync(report, "utf8")) as RunReport;
    expect(result.stack).to.equal("third-dev");
    expect(result.options).to.deep.equal({});
    expect(result.tables.readings_landing).to.include({ rows: 3, rejected: 1 });
    expect(result.tables.readings_trusted!.rows).to.equal(2);
  });

  it("deploys the new stack under the Pulumi mocks: its job, role, catalog table and buckets, named after it", function () {
    writeFileSync(join(copy.root, "deploy-under-mocks.ts"), DEPLOY_UNDER_MOCKS);
    const tsx = join(copy.root, "node_modules", ".bin", "tsx");
    const deployed = spawnSync(tsx, ["deploy-under-mocks.ts", "third-dev"], {
      cwd: copy.root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(deployed.status, deployed.stderr).to.equal(0);
    const summary = JSON.parse(deployed.stdout.trim().split("\n").at(-1)!) as {
      jobs: string[];
      roles: string[];
      tables: string[];
      buckets: string[];
      outputs: Record<string, unknown>;
    };
    expect(summary.jobs).to.deep.equal(["third-dev-readings_landing_to_trusted"]);
    expect(summary.roles.some((r) => r.startsWith("third-dev-readings_landing_to_trusted"))).to.equal(true);
    expect(summary.tables.sort()).to.deep.equal(["readings_landing", "readings_trusted"]);
    expect(summary.buckets.every((b) => b.startsWith("third-dev-"))).to.equal(true);
    expect(summary.outputs).to.deep.equal({ project: "third", database: "third_dev", workflow: "third-dev" });
  });
});
