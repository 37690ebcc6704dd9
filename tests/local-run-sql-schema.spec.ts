/**
 * A SQL node declares its output columns; the catalog table is built from that declaration. When the
 * query really produces something else, the job must stop with a diff before it writes anything.
 */
import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import { assertValid, column, type PipelineDef } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { dataLines, localPath, runRendered, TempDirs } from "./local-run-support";

function withWrongSqlDeclaration(): PipelineDef {
  const def = stediPipeline({ privacy: "strict" });
  return {
    ...def,
    jobs: def.jobs.map((j) => ({
      ...j,
      nodes: j.nodes.map((n) =>
        n.kind === "sql"
          ? {
              ...n,
              columns: n.columns
                .map((c) => (c.name === "timestamp" ? column("timestamp", "int") : c))
                .filter((c) => c.name !== "z"),
            }
          : n,
      ),
    })),
  };
}

const LANDING: Record<string, string[]> = {
  customer: [
    '{"customerName": "Ann Lee", "email": "ann@test.com", "phone": "1", "birthDay": "1990-01-01", "serialNumber": "s-1", "registrationDate": 1655564000000, "lastUpdateDate": 1655564000000, "shareWithResearchAsOfDate": 1655564000000}',
  ],
  accelerometer: ['{"user": "ann@test.com", "timestamp": 1655564001000, "x": 1.0, "y": 0.0, "z": -1.0}'],
  step_trainer: ['{"sensorReadingTime": 1655564001000, "serialNumber": "s-1", "distanceFromObject": 200}'],
};

describe("local run: a SQL node whose real output differs from its declared columns", function () {
  const temp = new TempDirs();
  after(() => temp.removeAll());

  it("stops the job with a column diff and writes nothing to the table", () => {
    const rendered = renderPipeline(assertValid(withWrongSqlDeclaration()), {
      stack: "prod",
      database: "stedi_prod",
      options: { privacy: "strict" },
    });
    const run = runRendered(temp.dir("sql-schema"), rendered, LANDING);
    const output = run.stdout + run.stderr;
    expect(run.status, output).to.equal(1);
    expect(output).to.contain("accelerometer_landing_to_trusted").and.to.contain("Readings After Consent");
    expect(output).to.contain("does not match its declared columns");
    expect(output).to.contain("~ timestamp: declared int, produced bigint");
    expect(output).to.contain("+ z double (produced, not declared)");
    expect(output).to.not.contain("Traceback");
    const failed = run.report!.jobs.find((j) => j.name === "accelerometer_landing_to_trusted")!;
    expect(failed.status).to.equal("failed");
    expect(run.report!.jobs.filter((j) => j.status === "not run").map((j) => j.name)).to.include(
      "machine_learning_curated",
    );
    expect(dataLines(localPath(run.root, `${run.report!.lakeRoot}/accelerometer/trusted/`))).to.deep.equal([]);
  });
});
