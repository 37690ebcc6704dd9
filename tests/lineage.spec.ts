import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import { assertValid, findCycle, Lineage, topologicalOrder } from "../src/dsl";

describe("lineage graph", () => {
  const lineage = assertValid(stediPipeline({ privacy: "standard" })).lineage;

  it("orders jobs so every job runs after the jobs producing its inputs", () => {
    expect(lineage.jobOrder).to.deep.equal([
      "customer_landing_to_trusted",
      "accelerometer_landing_to_trusted",
      "customer_trusted_to_curated",
      "step_trainer_landing_to_trusted",
      "machine_learning_curated",
    ]);
  });

  it("answers producer, consumer, upstream and downstream questions", () => {
    expect(lineage.producerOf("customer_trusted")).to.equal("customer_landing_to_trusted");
    expect(lineage.producerOf("customer_landing")).to.equal(undefined);
    expect(lineage.consumersOf("customer_trusted")).to.deep.equal([
      "accelerometer_landing_to_trusted",
      "customer_trusted_to_curated",
    ]);
    expect(lineage.upstreamJobs("customer_trusted_to_curated")).to.deep.equal([
      "customer_landing_to_trusted",
      "accelerometer_landing_to_trusted",
    ]);
    expect(lineage.downstreamJobs("accelerometer_landing_to_trusted")).to.deep.equal([
      "customer_trusted_to_curated",
      "machine_learning_curated",
    ]);
    expect(lineage.sourceTables).to.deep.equal(["customer_landing", "accelerometer_landing", "step_trainer_landing"]);
  });

  it("keeps declaration order among independent jobs and puts jobs after their producers whatever the declaration order", () => {
    const l = new Lineage(
      [
        { name: "late", reads: ["b"], writes: ["c"] },
        { name: "early", reads: ["a"], writes: ["b"] },
        { name: "independent", reads: ["a"], writes: ["d"] },
      ],
      ["a", "b", "c", "d"],
    );
    expect(l.jobOrder).to.deep.equal(["early", "late", "independent"]);
  });

  it("finds a cycle and still orders the acyclic part", () => {
    const ups: Record<string, string[]> = { a: ["c"], b: ["a"], c: ["b"], d: [] };
    const cycle = findCycle(Object.keys(ups), (n) => ups[n]!)!;
    expect(cycle[0]).to.equal(cycle[cycle.length - 1]);
    expect(new Set(cycle)).to.deep.equal(new Set(["a", "b", "c"]));
    expect(findCycle(["d"], () => [])).to.equal(undefined);
    expect(topologicalOrder(Object.keys(ups), (n) => ups[n]!)[0]).to.equal("d");
  });
});
