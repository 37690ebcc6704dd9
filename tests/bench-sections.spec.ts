/** bench/sections.ts: a full `npm run bench` rewrites its own sections of BENCHMARKS.md and keeps the others. */
import { expect } from "chai";
import { mergeSections, splitSections } from "../bench/sections";

describe("BENCHMARKS.md sections (bench/sections.ts)", () => {
  const previous = ["# Benchmarks", "", "old intro", "", "## A", "a1", "", "## Kept", "k", "", "## B", "b1", ""].join(
    "\n",
  );

  it("splits the head from each ## section", () => {
    const { head, sections } = splitSections(previous);
    expect(head).to.equal("# Benchmarks\n\nold intro\n\n");
    expect(sections.map((s) => s.heading)).to.deep.equal(["## A", "## Kept", "## B"]);
  });

  it("replaces the sections a run measured, keeps the others in place, and adds new ones", () => {
    const generated = ["# Benchmarks", "", "new intro", "", "## A", "a2", "", "## B", "b2", "", "## New", "n", ""].join(
      "\n",
    );
    expect(mergeSections(previous, generated)).to.equal(
      [
        "# Benchmarks",
        "",
        "new intro",
        "",
        "## A",
        "a2",
        "",
        "## Kept",
        "k",
        "",
        "## B",
        "b2",
        "",
        "## New",
        "n",
        "",
      ].join("\n"),
    );
  });

  it("keeps every section a quicker run did not measure, in its old order", () => {
    const generated = "# Benchmarks\n\n## B\nb2\n";
    expect(mergeSections(previous, generated)).to.equal("# Benchmarks\n\n## A\na1\n\n## Kept\nk\n\n## B\nb2\n");
  });
});
