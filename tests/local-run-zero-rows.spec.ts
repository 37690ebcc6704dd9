/**
 * A pipeline whose first job writes no rows must still run to the end, with 0-row tables downstream.
 *
 * On Glue, from_catalog takes its schema from the data files, so a table with no rows comes back
 * without columns; the local runtime now does the same (runtime/awsglue/_glue_read.py). The rendered
 * scripts give every catalog read its declared columns (withDeclaredColumns), so later nodes find
 * the columns they name. No customer here agreed to share data, so customer_trusted is empty.
 */
import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rowCounts, runLocal, TempDirs } from "./local-run-support";

const temp = new TempDirs();

function landingWithoutConsent(): string {
  const dir = temp.dir("zero-rows-landing");
  const lines = { customer: [] as string[], accelerometer: [] as string[], step_trainer: [] as string[] };
  for (let i = 0; i < 5; i++) {
    const email = `nobody.${i}@test.com`;
    const at = 1655564000000 + i * 1000;
    lines.customer.push(
      JSON.stringify({
        customerName: `Nobody ${i}`,
        email,
        phone: "1",
        birthDay: "1990-01-01",
        serialNumber: `s-${i}`,
        registrationDate: at,
        lastUpdateDate: at,
      }),
    );
    lines.accelerometer.push(JSON.stringify({ user: email, timestamp: at, x: 1.0, y: 0.0, z: -1.0 }));
    lines.step_trainer.push(JSON.stringify({ sensorReadingTime: at, serialNumber: `s-${i}`, distanceFromObject: 200 }));
  }
  for (const [entity, entityLines] of Object.entries(lines)) {
    mkdirSync(join(dir, entity, "landing"), { recursive: true });
    writeFileSync(join(dir, entity, "landing", "part-0.json"), `${entityLines.join("\n")}\n`);
  }
  return dir;
}

describe("local run: an upstream job that writes zero rows", function () {
  after(() => temp.removeAll());
  const landing = landingWithoutConsent();

  for (const stack of ["dev", "prod"]) {
    it(`runs every job of ${stack} to the end, with 0-row tables downstream`, () => {
      const run = runLocal(["--stack", stack, "--landing", landing], temp.dir(`zero-rows-${stack}`));
      const output = run.stdout + run.stderr;
      expect(run.status, output).to.equal(0);
      expect(run.report!.jobs.map((j) => j.status)).to.deep.equal(run.report!.jobs.map(() => "succeeded"));
      expect(rowCounts(run.report!)).to.deep.equal({
        customer_landing: 5,
        accelerometer_landing: 5,
        step_trainer_landing: 5,
        customer_trusted: 0,
        accelerometer_trusted: 0,
        customer_curated: 0,
        step_trainer_trusted: 0,
        machine_learning_curated: 0,
      });
    });
  }
});
