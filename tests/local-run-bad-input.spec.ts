/**
 * The local run on input that is wrong: malformed landing records are kept, counted and never crash
 * the run; a broken node stops the run naming job and node; an empty or missing landing folder is a
 * clear message. Small hand-made data keeps these runs short.
 */
import { expect } from "chai";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  dataLines,
  generatedUnderTest,
  localPath,
  onGlueVersion,
  runLocal,
  TempDirs,
  type RunReport,
} from "./local-run-support";

const temp = new TempDirs();

type Entity = "customer" | "accelerometer" | "step_trainer";

interface LandingFixture {
  readonly dir: string;
  readonly good: Record<Entity, string[]>;
  readonly bad: Record<Entity, string[]>;
}

/** Ten customers (every other one consenting), their readings, and bad lines of every kind. */
function writeLandingFixture(): LandingFixture {
  const dir = temp.dir("landing");
  const customers: string[] = [];
  const accelerometer: string[] = [];
  const stepTrainer: string[] = [];
  for (let i = 0; i < 10; i++) {
    const email = `Customer.${i}@test.com`;
    const serialNumber = `serial-${i}`;
    const registered = 1655564000000 + i * 1000;
    const customer: Record<string, unknown> = {
      customerName: `Customer ${i}`,
      email,
      phone: "8015551212",
      birthDay: "1990-01-01",
      serialNumber,
      registrationDate: registered,
      lastUpdateDate: registered,
    };
    if (i % 2 === 0) customer.shareWithResearchAsOfDate = registered;
    customers.push(JSON.stringify(customer));
    for (let t = 0; t < 3; t++) {
      accelerometer.push(JSON.stringify({ user: email, timestamp: registered + t * 500, x: 1.0, y: 0.0, z: -1.0 }));
      stepTrainer.push(
        JSON.stringify({ sensorReadingTime: registered + t * 500, serialNumber, distanceFromObject: 200 + t }),
      );
    }
  }
  const bad: Record<Entity, string[]> = {
    customer: [
      '{"customerName": "Broken Json", "email": ',
      '{"customerName": "Wrong Type", "email": "Wrong.Type@test.com", "serialNumber": "s-x", "registrationDate": "yesterday"}',
      "[1, 2, 3]",
    ],
    accelerometer: [
      '{"user":"Customer.0@test.com","timestamp":"not-a-number","x":1.0,"y":0.0,"z":0.0}',
      '{"user":"Customer.0@test.com","timestamp":1655564000000.5,"x":1.0,"y":0.0,"z":0.0}',
      "not json at all",
      '"just a string"',
    ],
    step_trainer: ['{"sensorReadingTime":1655564000000,"serialNumber":"serial-0","distanceFromObject":"far"}', "{"],
  };
  const good: Record<Entity, string[]> = { customer: customers, accelerometer, step_trainer: stepTrainer };
  for (const entity of Object.keys(good) as Entity[]) {
    const folder = join(dir, entity, "landing");
    mkdirSync(folder, { recursive: true });
    // Bad lines sit between good ones, with blank lines (which are not records) around them.
    const lines = [...good[entity].slice(0, 2), "", ...bad[entity], "   ", ...good[entity].slice(2)];
    writeFileSync(join(folder, `${entity}-1.json`), lines.join("\n") + "\n");
  }
  return { dir, good, bad };
}

const LANDING: Record<Entity, string> = {
  customer: "customer_landing",
  accelerometer: "accelerometer_landing",
  step_trainer: "step_trainer_landing",
};

describe(`local run on bad input${onGlueVersion}`, function () {
  after(() => temp.removeAll());

  const fixture = writeLandingFixture();

  describe("landing files mixing good lines with broken JSON and mistyped records", function () {
    const root = temp.dir("bad-records");
    let run: ReturnType<typeof runLocal>;
    let report: RunReport;

    before(function () {
      run = runLocal(["--landing", fixture.dir], root);
      report = run.report as RunReport;
    });

    it("finishes every job and exits 0", function () {
      expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
      expect(report.jobs.map((job) => job.status)).to.deep.equal(Array(5).fill("succeeded"));
    });

    it("counts, for every landing table, landing lines = rows + rejected", function () {
      for (const [entity, table] of Object.entries(LANDING) as [Entity, string][]) {
        const counts = report.tables[table];
        expect(counts?.rows, table).to.equal(fixture.good[entity].length);
        expect(counts?.rejected, table).to.equal(fixture.bad[entity].length);
        expect(counts?.lines, table).to.equal(fixture.good[entity].length + fixture.bad[entity].length);
      }
    });

    it("keeps every rejected line verbatim under the table's rejected location", function () {
      const manifest = JSON.parse(readFileSync(join(generatedUnderTest(), "dev", "pipeline.json"), "utf8")) as {
        jobs: { rejected: { table: string; prefix: string }[] }[];
      };
      const prefixes = manifest.jobs.flatMap((job) => job.rejected);
      for (const [entity, table] of Object.entries(LANDING) as [Entity, string][]) {
        const rejected = prefixes.filter((entry) => entry.table === table);
        expect(rejected, table).to.have.length.greaterThan(0);
        for (const entry of rejected) {
          const kept = dataLines(localPath(root, `${report.lakeRoot}/${entry.prefix}`));
          expect([...kept].sort(), `${table} at ${entry.prefix}`).to.deep.equal([...fixture.bad[entity]].sort());
        }
      }
    });

    it("still applies the pipeline to the good records", function () {
      expect(report.tables.customer_trusted?.rows).to.equal(5);
      expect(report.tables.accelerometer_trusted?.rows).to.equal(15);
      expect(report.tables.step_trainer_trusted?.rows).to.equal(15);
    });
  });

  describe("a job whose generated script has a broken node", function () {
    const root = temp.dir("broken-node");
    let run: ReturnType<typeof runLocal>;

    before(function () {
      const generated = join(root, "generated");
      cpSync(join(generatedUnderTest(), "dev"), join(generated, "dev"), { recursive: true });
      const script = join(generated, "dev", "customer_trusted_to_curated.py");
      const source = readFileSync(script, "utf8");
      const node = source.indexOf("# Script generated for node Customers With Readings");
      expect(node, "the node to break is not in the script any more; pick another").to.be.greaterThan(0);
      const broken =
        source.slice(0, node) +
        source.slice(node).replace(/F\.col\("right\.[a-z_]+"\)/, 'F.col("right.no_such_column")');
      expect(broken).to.not.equal(source);
      writeFileSync(script, broken);
      run = runLocal(["--landing", fixture.dir, "--generated", generated, "--stack", "dev"], root);
    });

    it("stops with exit code 1 and a message naming the job, the node and the Spark error", function () {
      expect(run.status, run.stdout).to.equal(1);
      expect(run.stderr).to.include('Job customer_trusted_to_curated failed at node "Customers With Readings"');
      expect(run.stderr).to.match(/no_such_column.*cannot be resolved/);
    });

    it("shows no Python traceback or Java stack", function () {
      const output = run.stdout + run.stderr;
      expect(output).to.not.include("Traceback");
      expect(output).to.not.match(/^\s+at (org|java|scala)\./m);
    });

    it("runs the jobs before it and none after it", function () {
      const statuses = Object.fromEntries((run.report as RunReport).jobs.map((job) => [job.name, job.status]));
      expect(statuses).to.deep.equal({
        customer_landing_to_trusted: "succeeded",
        accelerometer_landing_to_trusted: "succeeded",
        customer_trusted_to_curated: "failed",
        step_trainer_landing_to_trusted: "not run",
        machine_learning_curated: "not run",
      });
    });
  });

  describe("an unusable landing folder", function () {
    it("reports an empty folder clearly, before starting Spark", function () {
      const empty = temp.dir("empty-landing");
      for (const entity of Object.keys(LANDING)) mkdirSync(join(empty, entity, "landing"), { recursive: true });
      const run = runLocal(["--landing", empty], temp.dir("empty-root"));
      expect(run.status).to.equal(2);
      expect(run.stderr).to.include(`${join(empty, "customer", "landing")}/ has no data (table customer_landing)`);
      expect(run.stderr + run.stdout).to.not.include("Traceback");
      expect(run.stdout).to.not.include("Starting Spark");
    });

    it("reports a missing folder clearly", function () {
      const missing = join(temp.dir("missing-landing"), "nowhere");
      const run = runLocal(["--landing", missing], temp.dir("missing-root"));
      expect(run.status).to.equal(2);
      expect(run.stderr).to.include(`Landing folder ${missing} does not exist`);
      expect(run.stderr + run.stdout).to.not.include("Traceback");
    });
  });
});
