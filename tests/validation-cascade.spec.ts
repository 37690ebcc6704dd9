/**
 * Issue 21.8: one round of validation reports every independent mistake, and none of their consequences.
 * Downstream of a broken node, its input is unknown: the problem upstream says once which checks it held up,
 * and no node after it gets a second error ("column … does not exist here", "There are no columns here").
 */
import { expect } from "chai";
import {
  array,
  column,
  e,
  eq,
  formatProblem,
  isNotNull,
  job,
  pipeline,
  struct,
  table,
  validatePipeline,
  type PipelineDef,
  type Problem,
} from "../src/dsl";

const orders = table("orders_landing", {
  entity: "orders",
  zone: "landing",
  columns: [
    column("order_id", "bigint"),
    column("customer", struct({ id: "bigint", email: "string" })),
    column("lines", array(struct({ sku: "string", qty: "int" }))),
    column("channel", "string"),
    column("placed_at", "string"),
  ],
});
const shipments = table("shipments_landing", {
  entity: "shipments",
  zone: "landing",
  columns: [column("shipment_id", "bigint"), column("order_id", "bigint"), column("carrier", "string")],
});
const customers = table("customers_trusted", { entity: "customers", zone: "trusted" });
const channels = table("channels_trusted", { entity: "channels", zone: "trusted" });
const shipped = table("shipped_trusted", { entity: "shipments", zone: "trusted" });
const report = table("customer_report", { entity: "customers", zone: "curated" });

/** The seven mistakes, each in its own node of job "orders", by the node and field each must be reported at. */
const MISTAKES: { node: string; field: string; code: Problem["code"] }[] = [
  { node: "Flatten Customer", field: "custmer", code: "unknown-column" },
  { node: "Doubled Channel", field: "doubled", code: "type-mismatch" },
  { node: "Channels", field: "chanel", code: "unknown-column" },
  { node: "Shipped Orders", field: "order_id = carrier", code: "join-key-type" },
  { node: "Shipped Out", field: "carier", code: "unknown-column" },
  { node: "Defaults", field: "defaults", code: "missing-columns" },
  { node: "Bad\nName", field: "name", code: "invalid-name" },
];

function sevenMistakes(): PipelineDef {
  return pipeline("cascade", [
    job("orders", ({ source, sink }) => {
      const raw = source(orders, { name: "Orders Landing" });
      // 1. a typo in the struct to flatten: everything downstream of it has an unknown input
      const flat = raw.flatten({ name: "Flatten Customer", columns: ["custmer"] });
      // these two would each have been an error today: the columns the flatten would have made
      const withEmail = flat.filter(isNotNull("customer_email"), { name: "Has Email" });
      // 2. independent of 1: channel is a string the input does have
      const doubled = withEmail.derive({ doubled: e.mul(e.col("channel"), 2) }, { name: "Doubled Channel" });
      sink(doubled.select(["customer_id", "customer_email"], { name: "Customer Columns" }), customers, {
        name: "Customers Out",
        mode: "overwrite",
        partitionKeys: ["customer_id"],
      });
      // 3. a typo in a select on a healthy branch; its sink names the column the select would have kept
      const picked = raw.select(["order_id", "chanel"], { name: "Channels" });
      sink(picked, channels, { name: "Channels Out", mode: "overwrite", partitionKeys: ["channel"] });
      // 4. join keys of different types
      const ship = source(shipments, { name: "Shipments Landing" });
      const joined = raw.join(ship, {
        name: "Shipped Orders",
        type: "inner",
        on: { order_id: "carrier" },
        rightPrefix: "ship_",
      });
      // 5. a partition-key typo on a healthy frame
      sink(ship, shipped, { name: "Shipped Out", mode: "overwrite", partitionKeys: ["carier"] });
      // 6. downstream of the broken join, whose output is unknown: a mistake that needs no input columns
      const filled = joined.fillMissing({}, { name: "Defaults" });
      // 7. a display name that cannot be a script comment
      sink(filled.filter(eq("channel", "web"), { name: "Bad\nName" }), report, {
        name: "Report Out",
        mode: "overwrite",
      });
    }),
    // Downstream in another job: reads the table written from the broken flatten.
    job("customer_emails", ({ source, sink }) => {
      const read = source(customers, { name: "Customers" });
      const emails = table("customer_emails", { entity: "emails", zone: "curated" });
      sink(read.select(["customer_email"], { name: "Emails" }), emails, { name: "Emails Out", mode: "overwrite" });
    }),
  ]);
}

describe("validation: independent mistakes in one round, no cascade (issue 21.8)", () => {
  let problems: Problem[];
  before(() => {
    const result = validatePipeline(sevenMistakes());
    if (result.ok) throw new Error("the seven mistakes validated");
    problems = result.problems;
  });

  it("reports each of the seven mistakes, at its node and field", () => {
    const text = problems.map(formatProblem).join("\n");
    for (const m of MISTAKES)
      expect(
        problems.filter((p) => p.job === "orders" && p.node === m.node && p.field === m.field && p.code === m.code),
        `${m.node} / ${m.field}:\n${text}`,
      ).to.have.length(1);
  });

  it("reports nothing else: no error downstream of a broken node, in its job or in a job reading its table", () => {
    expect(problems.map(formatProblem), problems.map(formatProblem).join("\n")).to.have.length(MISTAKES.length);
    const text = problems.map(formatProblem).join("\n");
    expect(text).to.not.include("There are no columns here");
    for (const node of ["Has Email", "Customer Columns", "Customers Out", "Channels Out", "Customers", "Emails"])
      expect(
        problems.filter((p) => p.node === node),
        node,
      ).to.deep.equal([]);
  });

  it("says once, at the upstream problem, which checks downstream wait for it", () => {
    const flatten = problems.find((p) => p.node === "Flatten Customer")!;
    const said = formatProblem(flatten);
    expect(said).to.match(/not checked until this is fixed/i);
    for (const node of ['"Has Email"', '"Customer Columns"', '"Customers Out"', 'job "customer_emails" node "Emails"'])
      expect(said).to.include(node);
    const select = formatProblem(problems.find((p) => p.node === "Channels")!);
    expect(select).to.include('"Channels Out"');
    // A mistake with nothing downstream that depends on it says nothing more.
    expect(formatProblem(problems.find((p) => p.node === "Shipped Out")!)).to.not.match(/not checked/i);
  });
});
