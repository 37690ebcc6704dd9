/**
 * The job arguments are written once (`scriptArguments()`, src/render/types.ts): a script reads only the names its
 * contract lists, through the one getResolvedOptions line, and pipeline.json carries the same list to the runner.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { renderAllStacks } from "../src/cli/render";
import { assertValid } from "../src/dsl";
import { renderPipeline, scriptArguments, type RenderedPipeline } from "../src/render";
import { kitchenSink } from "./fixtures/kitchen-sink";
import { repoRoot } from "./local-run-support";

const TEMPLATES = join(repoRoot, "templates");
const RESOLVED_OPTIONS_LINE = "args = getResolvedOptions(sys.argv, {{pyList scriptArguments}})";

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? templateFiles(join(dir, entry.name))
      : entry.name.endsWith(".hbs")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** `file:line: text` for every line of the templates that reads an argument other than through `{{arg "NAME"}}`. */
function rawArgumentReads(files: readonly { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) =>
    text
      .split("\n")
      .map((line, i) => ({ line, number: i + 1 }))
      .filter(({ line }) => /\bargs\s*(\[|\.get\s*\()/.test(line))
      .map(({ line, number }) => `${path}:${number}: ${line.trim()}`),
  );
}

/** The names a script reads as `args["NAME"]`, and the list its getResolvedOptions line asks for. */
function argumentUse(script: string): { reads: string[]; resolved: string[] } {
  const lines = script.split("\n").filter((l) => l.includes("getResolvedOptions(sys.argv"));
  expect(lines, "one getResolvedOptions line").to.have.length(1);
  const list = /getResolvedOptions\(sys\.argv, (\[.*\])\)/.exec(lines[0]!);
  return {
    reads: [...new Set([...script.matchAll(/\bargs\["([A-Z_]+)"\]/g)].map((m) => m[1]!))].sort(),
    resolved: JSON.parse(list![1]!) as string[],
  };
}

describe("job arguments: written once (src/render/types.ts scriptArguments)", () => {
  const pipelines: RenderedPipeline[] = [
    ...renderAllStacks(repoRoot),
    ...renderAllStacks(repoRoot, { tableFormat: "iceberg" }),
    renderPipeline(assertValid(kitchenSink()), { stack: "test", database: "test_db", options: {} }),
  ];

  it("templates read arguments only through {{arg}}, after the one getResolvedOptions line", () => {
    const files = templateFiles(TEMPLATES).map((f) => ({
      path: relative(repoRoot, f),
      text: readFileSync(f, "utf8"),
    }));
    expect(files.length).to.be.greaterThan(20);
    const raw = rawArgumentReads(files);
    expect(raw, `read script arguments with {{arg "NAME"}}:\n${raw.join("\n")}`).to.deep.equal([]);
    const resolving = files.flatMap((f) =>
      f.text
        .split("\n")
        .filter((l) => l.includes("getResolvedOptions("))
        .map((l) => `${f.path}: ${l.trim()}`),
    );
    expect(resolving).to.deep.equal([`templates/job.py.hbs: ${RESOLVED_OPTIONS_LINE}`]);
  });

  it("the check catches args[...] and args.get( and nothing else", () => {
    const text = [
      'database=args["DATABASE"],',
      'root = args.get("LAKE_ROOT")',
      "job.init(args['JOB_NAME'], args)",
      'database={{arg "DATABASE"}},',
      "job.init(x, args)",
      "kwargs['a']",
    ].join("\n");
    expect(rawArgumentReads([{ path: "t.hbs", text }])).to.deep.equal([
      't.hbs:1: database=args["DATABASE"],',
      't.hbs:2: root = args.get("LAKE_ROOT")',
      "t.hbs:3: job.init(args['JOB_NAME'], args)",
    ]);
  });

  it("every script resolves exactly JOB_NAME and its contract's arguments, and reads no other", () => {
    const jobs = pipelines.flatMap((p) => p.jobs.map((j) => ({ stack: p.stack, job: j })));
    expect(jobs.length).to.be.greaterThan(15);
    for (const { stack, job } of jobs) {
      const names = job.arguments.map((a) => a.name);
      const { reads, resolved } = argumentUse(job.script);
      expect(resolved, `${stack}/${job.name}`).to.deep.equal(["JOB_NAME", ...names]);
      expect(
        reads.filter((r) => !resolved.includes(r)),
        `${stack}/${job.name} reads undeclared arguments`,
      ).to.deep.equal([]);
    }
    // Some script reads each argument: none is listed for nothing.
    const read = new Set(jobs.flatMap(({ job }) => argumentUse(job.script).reads));
    for (const a of scriptArguments()) expect(read.has(a.name), a.name).to.equal(true);
  });

  it("pipeline.json lists each job's arguments as the contract does, with the place each value comes from", () => {
    for (const p of pipelines) {
      const manifest = JSON.parse(p.files.find((f) => f.path.endsWith("pipeline.json"))!.content) as {
        jobs: { name: string; arguments: unknown }[];
      };
      expect(manifest.jobs.map((j) => [j.name, j.arguments])).to.deep.equal(p.jobs.map((j) => [j.name, j.arguments]));
    }
    expect(scriptArguments()).to.deep.equal([
      { name: "DATABASE", place: "database" },
      { name: "LAKE_ROOT", place: "lakeRoot" },
    ]);
  });
});
