import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import {
  assertValid,
  column,
  eq,
  formatProblem,
  isNotNull,
  job,
  pipeline,
  PipelineValidationError,
  table,
  validatePipeline,
  type PipelineDef,
  type Problem,
  type ProblemCode,
  type TableDef,
} from "../src/dsl";

const people = table("people_landing", {
  entity: "people",
  zone: "landing",
  columns: [
    column("email", "string"),
    column("serial", "string"),
    column("signed_up", "bigint", { jsonKey: "signedUp" }),
  ],
});
const devices = table("devices_landing", {
  entity: "devices",
  zone: "landing",
  columns: [column("serial", "bigint"), column("owner", "string")],
});
const peopleTrusted = table("people_trusted", { entity: "people", zone: "trusted" });
const peopleCurated = table("people_curated", { entity: "people", zone: "curated" });
const tables: TableDef[] = [people, devices, peopleTrusted, peopleCurated];

function problemsOf(def: PipelineDef): Problem[] {
  const r = validatePipeline(def);
  if (r.ok) throw new Error("expected validation problems, got none");
  return r.problems;
}

function only(def: PipelineDef, code: ProblemCode): Problem {
  const ps = problemsOf(def).filter((p) => p.code === code);
  expect(ps, `problems with code ${code}`).to.have.length(1);
  return ps[0]!;
}

describe("DSL validation", () => {
  it("accepts the STEDI pipeline in both privacy profiles", () => {
    for (const privacy of ["standard", "strict"] as const)
      expect(validatePipeline(stediPipeline({ privacy })).ok, privacy).to.equal(true);
  });

  it("reports an unknown table with a did-you-mean suggestion", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) =>
          sink(source("people_landng", { name: "People" }), peopleTrusted, { name: "Out", mode: "overwrite" }),
        ),
      ]),
      "unknown-table",
    );
    expect(p).to.include({ job: "j", node: "People", field: "people_landng" });
    expect(p.fix).to.contain('Did you mean "people_landing"?');
  });

  it("reports an unknown column with a did-you-mean suggestion and the columns available", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) =>
          sink(source(people, { name: "People" }).filter(isNotNull("emial"), { name: "Has Email" }), peopleTrusted, {
            name: "Out",
            mode: "overwrite",
          }),
        ),
      ]),
      "unknown-column",
    );
    expect(p).to.include({ job: "j", node: "Has Email", field: "emial" });
    expect(p.fix).to.contain('Did you mean "email"?').and.to.contain("serial");
  });

  it("reports a join key type mismatch and says how to cast", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) => {
          const joined = source(people, { name: "People" }).join(source(devices, { name: "Devices" }), {
            name: "Own Devices",
            type: "semi",
            on: { serial: "serial" },
          });
          sink(joined, peopleTrusted, { name: "Out", mode: "overwrite" });
        }),
      ]),
      "join-key-type",
    );
    expect(p).to.include({ job: "j", node: "Own Devices", field: "serial = serial" });
    expect(p.message).to.contain("string").and.to.contain("bigint");
    expect(p.fix).to.contain("applyMapping");
  });

  it("reports an ambiguous column after an inner join and accepts it once a rightPrefix is set", () => {
    const build = (rightPrefix?: string) =>
      pipeline("t", tables, [
        job("j", ({ source, sink }) => {
          const d = source(devices, { name: "Devices" }).applyMapping(
            [
              ["serial", "serial", "string"],
              ["owner", "email"],
            ],
            { name: "Typed Devices" },
          );
          const joined = source(people, { name: "People" }).join(d, {
            name: "People Devices",
            type: "inner",
            on: { serial: "serial" },
            ...(rightPrefix ? { rightPrefix } : {}),
          });
          sink(joined, peopleTrusted, { name: "Out", mode: "overwrite" });
        }),
      ]);
    const p = only(build(), "ambiguous-column");
    expect(p).to.include({ job: "j", node: "People Devices", field: "email" });
    expect(p.fix).to.contain("rightPrefix");
    const ok = validatePipeline(build("device_"));
    expect(ok.ok).to.equal(true);
    if (ok.ok)
      expect(ok.pipeline.tables.get("people_trusted")!.columns.map((c) => c.name)).to.deep.equal([
        "email",
        "serial",
        "signed_up",
        "device_email",
      ]);
  });

  it("reports a cycle between jobs, naming the path", () => {
    const p = only(
      pipeline("t", tables, [
        job("a", ({ source, sink }) =>
          sink(source(peopleCurated, { name: "In" }), peopleTrusted, { name: "Out", mode: "overwrite" }),
        ),
        job("b", ({ source, sink }) =>
          sink(source(peopleTrusted, { name: "In" }), peopleCurated, { name: "Out", mode: "overwrite" }),
        ),
      ]),
      "cycle",
    );
    expect(p.message).to.match(/a → b → a|b → a → b/);
  });

  it("reports two jobs writing one table", () => {
    const write = (name: string) =>
      job(name, ({ source, sink }) =>
        sink(source(people, { name: "In" }), peopleTrusted, { name: "Out", mode: "overwrite" }),
      );
    const p = only(pipeline("t", tables, [write("first"), write("second")]), "duplicate-writer");
    expect(p).to.include({ job: "second", field: "people_trusted" });
    expect(p.message).to.contain('"first"').and.to.contain('"second"');
  });

  it("reports an empty jsonKey as such, naming the column", () => {
    const blank = table("blank_landing", {
      entity: "blank",
      zone: "landing",
      columns: [column("email", "string", { jsonKey: "" })],
    });
    const blankTrusted = table("blank_trusted", { entity: "blank", zone: "trusted" });
    const p = only(
      pipeline(
        "t",
        [...tables, blank, blankTrusted],
        [
          job("j", ({ source, sink }) =>
            sink(source(blank, { name: "In" }), blankTrusted, { name: "Out", mode: "overwrite" }),
          ),
        ],
      ),
      "empty-json-key",
    );
    expect(p).to.include({ field: "blank_landing.email" });
    expect(p.fix).to.contain("jsonKey");
  });

  it("reports a job reading a table that nothing writes and that is not a landing table", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) =>
          sink(source(peopleCurated, { name: "Curated" }), peopleTrusted, { name: "Out", mode: "overwrite" }),
        ),
      ]),
      "unproduced-table",
    );
    expect(p).to.include({ job: "j", node: "Curated", field: "people_curated" });
  });

  it("reports a sink into the landing zone", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) =>
          sink(source(people, { name: "In" }), devices, { name: "Back To Landing", mode: "append" }),
        ),
      ]),
      "landing-sink",
    );
    expect(p).to.include({ job: "j", node: "Back To Landing", field: "devices_landing" });
  });

  it("reports invalid catalog names and suggests a lower-case one", () => {
    const bad = table("People-Trusted", { entity: "people", zone: "curated" });
    const ps = problemsOf(
      pipeline(
        "t",
        [people, bad, table("x", { entity: "x", zone: "landing", columns: [column("shareWithResearch", "bigint")] })],
        [job("j", ({ source, sink }) => sink(source(people, { name: "In" }), bad, { name: "Out", mode: "overwrite" }))],
      ),
    ).filter((p) => p.code === "invalid-name");
    expect(ps.map((p) => p.field)).to.include.members(["People-Trusted", "x.shareWithResearch"]);
    expect(ps.find((p) => p.field === "People-Trusted")!.fix).to.contain('"people_trusted"');
    expect(ps.find((p) => p.field === "x.shareWithResearch")!.fix)
      .to.contain('"share_with_research"')
      .and.to.contain("jsonKey");
  });

  it("reports a literal whose type does not fit the column", () => {
    const p = only(
      pipeline("t", tables, [
        job("j", ({ source, sink }) =>
          sink(source(people, { name: "In" }).filter(eq("signed_up", "yesterday"), { name: "Recent" }), peopleTrusted, {
            name: "Out",
            mode: "overwrite",
          }),
        ),
      ]),
      "type-mismatch",
    );
    expect(p).to.include({ job: "j", node: "Recent", field: "signed_up" });
  });

  it("collects every problem of a pipeline before failing, each naming job, node and field", () => {
    const def = pipeline("t", tables, [
      job("j", ({ source, sink }) => {
        const a = source(people, { name: "People" }).filter(isNotNull("emial"), { name: "Has Email" });
        sink(a, devices, { name: "Into Landing", mode: "overwrite" });
        sink(source("nope", { name: "Nothing" }), peopleTrusted, { name: "Out", mode: "overwrite" });
      }),
    ]);
    const codes = problemsOf(def).map((p) => p.code);
    expect(codes).to.include.members(["unknown-column", "landing-sink", "unknown-table"]);
    try {
      assertValid(def);
      expect.fail("assertValid should throw");
    } catch (e) {
      expect(e).to.be.instanceOf(PipelineValidationError);
      const message = (e as Error).message;
      expect(message).to.contain('job "j", node "Has Email", field "emial"').and.to.contain("Fix:");
      expect(message.split("\n").filter((l) => /^\s+\d+\. /.test(l))).to.have.length(codes.length);
    }
  });

  it("formats a problem as location, message and fix", () => {
    expect(
      formatProblem({ code: "unknown-column", job: "j", node: "N", field: "f", message: "m.", fix: "do x." }),
    ).to.equal('job "j", node "N", field "f": m. Fix: do x.');
  });

  it("reports an unused node and a job without a sink", () => {
    const ps = problemsOf(pipeline("t", tables, [job("j", ({ source }) => void source(people, { name: "Dangling" }))]));
    expect(ps.map((p) => p.code)).to.include.members(["unused-node", "no-sink"]);
  });
});
