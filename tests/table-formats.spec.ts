/**
 * A deployed table does not change format unconfirmed: Iceberg → parquet would fail the deploy (the jobs' Iceberg
 * table holds the name), parquet → Iceberg would orphan the parquet files. The program reads what the stack last
 * deployed through a StackReference to itself, and refuses, before registering anything, with the steps to take.
 */
import { PROJECTS } from "../jobs";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  checkFormatChanges,
  CONFIRM_KEY,
  formatChanges,
  TABLE_FORMATS_OUTPUT,
  TableFormatChangeError,
  tableFormats,
} from "../infra/table-formats";
import { buildStack } from "../src/build";
import { CHANGEABLE_FORMATS, parseStackConfig } from "../src/config/stack-config";
import { FORMATS } from "../src/model/types";
import { type CapturedResource, ORGANIZATION, runProgram, STACK_REFERENCE } from "./infra-harness";

const dev = { stack: "dev", project: "stedi", options: { privacy: "standard" }, databaseName: "stedi_dev" } as const;
const parquet = buildStack({ ...dev, options: { ...dev.options, tableFormat: "parquet" } });
const iceberg = buildStack({ ...dev, options: { ...dev.options, tableFormat: "iceberg" } });
const switched = iceberg.tables.filter((t) => t.format === "iceberg").map((t) => t.name);
const deployedAs = (tables: typeof parquet.tables) => ({
  tableFormats: tableFormats(tables),
  dataBucket: "stedi-dev-data-a1b2c3d",
  database: "stedi_dev",
});

function refusal(check: Parameters<typeof checkFormatChanges>[0]): string {
  try {
    checkFormatChanges(check);
  } catch (e) {
    expect(e).to.be.instanceOf(TableFormatChangeError);
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("table formats: a deployed table's format does not change unconfirmed", () => {
  it("the STEDI switch changes the trusted and curated tables, never landing", () => {
    expect(switched).to.include.members(["customer_trusted", "machine_learning_curated"]);
    expect(formatChanges(tableFormats(parquet.tables), iceberg.tables).map((c) => c.table)).to.deep.equal(switched);
    const tables = formatChanges(tableFormats(parquet.tables), iceberg.tables).map((c) => c.table);
    expect(tables.filter((t) => t.endsWith("_landing"))).to.deep.equal([]);
  });

  it("refuses parquet → Iceberg, naming the stack, each table, both formats and the steps", () => {
    const message = refusal({
      stack: "dev",
      deployed: deployedAs(parquet.tables),
      tables: iceberg.tables,
      database: "stedi_dev",
    });
    expect(message).to.match(/^Stack "dev" would change the format of \d+ deployed tables; nothing was changed:/);
    for (const table of switched) expect(message).to.contain(`stedi_dev.${table}: parquet -> iceberg`);
    expect(message).to.match(/Becoming Iceberg: .*leaving the old files there, unread and billed/);
    expect(message).to.contain("aws s3 rm s3://stedi-dev-data-a1b2c3d/customer/trusted/ --recursive");
    expect(message).to.contain(`pulumi config set ${CONFIRM_KEY} iceberg --stack dev`);
    expect(message).to.contain(`pulumi config rm ${CONFIRM_KEY} --stack dev`);
    expect(message).to.not.contain("delete-table");
  });

  it("refuses Iceberg → parquet, saying the Iceberg tables must be dropped first", () => {
    const message = refusal({
      stack: "prod",
      deployed: { ...deployedAs(iceberg.tables), database: "stedi_prod" },
      tables: parquet.tables,
      database: "stedi_prod",
    });
    for (const table of switched) {
      expect(message).to.contain(`stedi_prod.${table}: iceberg -> parquet`);
      expect(message).to.contain(`aws glue delete-table --database-name stedi_prod --name ${table}`);
    }
    expect(message).to.match(/Leaving Iceberg: .*AlreadyExistsException/);
    expect(message).to.contain(`pulumi config set ${CONFIRM_KEY} parquet --stack prod`);
  });

  it("lets a confirmed change through, only to the format confirmed, and warns of a leftover confirmation", () => {
    const check = { stack: "dev", deployed: deployedAs(parquet.tables), tables: iceberg.tables, database: "stedi_dev" };
    expect(checkFormatChanges({ ...check, confirmed: "iceberg" }).changes.map((c) => c.table)).to.deep.equal(switched);
    expect(() => checkFormatChanges({ ...check, confirmed: "parquet" })).to.throw(TableFormatChangeError);
    const leftover = checkFormatChanges({ ...check, deployed: deployedAs(iceberg.tables), confirmed: "iceberg" });
    expect(leftover.changes).to.deep.equal([]);
    expect(leftover.warning).to.match(new RegExp(`${CONFIRM_KEY} is "iceberg" but no deployed table .* Remove it`));
  });

  it("accepts no change, a first deploy, a stack deployed before the record, and new or removed tables", () => {
    const base = { stack: "dev", tables: iceberg.tables, database: "stedi_dev" };
    expect(checkFormatChanges({ ...base, deployed: deployedAs(iceberg.tables) })).to.deep.equal({ changes: [] });
    expect(checkFormatChanges({ ...base, deployed: undefined })).to.deep.equal({ changes: [] });
    expect(checkFormatChanges({ ...base, deployed: { dataBucket: "b" } })).to.deep.equal({ changes: [] });
    const fewer = { tableFormats: { customer_trusted: "iceberg", gone_table: "parquet" } };
    expect(checkFormatChanges({ ...base, deployed: fewer })).to.deep.equal({ changes: [] });
  });

  it("the confirmation key takes every table format the DSL has", () => {
    expect([...CHANGEABLE_FORMATS].sort()).to.deep.equal([...FORMATS].sort());
    const values = { "aws:region": "us-east-1", "lakehouse:project": "stedi", [CONFIRM_KEY]: "iceberg" };
    expect(parseStackConfig("dev", values, PROJECTS).confirmTableFormatChange).to.equal("iceberg");
    expect(
      parseStackConfig("dev", { "aws:region": "us-east-1", "lakehouse:project": "stedi" }, PROJECTS),
    ).to.not.have.property("confirmTableFormatChange");
    expect(() => parseStackConfig("dev", { ...values, [CONFIRM_KEY]: "delta" }, PROJECTS)).to.throw(
      /lakehouse:confirmTableFormatChange is "delta"; allowed values: json, parquet, iceberg/,
    );
  });
});

describe("table formats: the program under mocks", function () {
  it("a first deploy reads its own stack, finds nothing, and records every table's format", async function () {
    const run = await runProgram("dev");
    const reference = run.one(STACK_REFERENCE);
    expect(reference.inputs.name).to.equal(`${ORGANIZATION}/stedi-lakehouse/dev`);
    expect(run.outputs[TABLE_FORMATS_OUTPUT]).to.deep.equal(tableFormats(buildStack(run.config).tables));
    expect(run.ofType("aws:glue/catalogTable:CatalogTable").length).to.be.greaterThan(0);
  });

  it("the same formats as deployed: the program runs as before", async function () {
    const first = await runProgram("dev", { "stedi:tableFormat": "iceberg" });
    const again = await runProgram("dev", { "stedi:tableFormat": "iceberg" }, first.outputs);
    expect(again.outputs[TABLE_FORMATS_OUTPUT]).to.deep.equal(first.outputs[TABLE_FORMATS_OUTPUT]);
    expect(again.resources.map((r) => r.urn)).to.deep.equal(first.resources.map((r) => r.urn));
  });

  for (const [from, to] of [
    ["parquet", "iceberg"],
    ["iceberg", "parquet"],
  ] as const) {
    it(`${from} → ${to}: refused with a RunError before any AWS resource is registered, unless confirmed`, async function () {
      const deployed = await runProgram("dev", { "stedi:tableFormat": from });
      let error: unknown;
      try {
        await runProgram("dev", { "stedi:tableFormat": to }, deployed.outputs);
      } catch (e) {
        error = e;
      }
      expect(pulumi.RunError.isInstance(error), `a RunError, got ${String(error)}`).to.equal(true);
      const before = (error as Error & { registered: CapturedResource[] }).registered.map((r) => r.type);
      expect(before, "only the read of the stack's own outputs").to.deep.equal([STACK_REFERENCE]);
      expect((error as Error).message).to.contain(`stedi_dev.customer_trusted: ${from} -> ${to}`);
      expect((error as Error).message).to.contain(`s3://${String(deployed.outputs.dataBucket)}/customer/trusted/`);

      const confirmed = await runProgram("dev", { "stedi:tableFormat": to, [CONFIRM_KEY]: to }, deployed.outputs);
      const registered = confirmed.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type);
      expect(registered.length, "confirmed, the deploy goes ahead").to.be.greaterThan(40);
      expect((confirmed.outputs[TABLE_FORMATS_OUTPUT] as Record<string, string>).customer_trusted).to.equal(to);
    });
  }
});
