/**
 * `npm run bench [-- --quick]`: every benchmark of issue #5, written to BENCHMARKS.md (the full run) or
 * bench/out/BENCHMARKS.quick.md (--quick, under 2 minutes). Each figure is the median, min and max of
 * several runs, with the machine it came from. The analysis lives in bench/findings.md and is appended.
 */
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePythonEnv, repoRoot } from "../src/cli/python-env";
import { benchCodegen, type CodegenResult } from "./codegen";
import { benchPulumi, type PulumiBenchResult } from "./pulumi-mocks";
import { figure, type Figure } from "./stats";
import { iamAtScale } from "./iam-at-scale";
import { dataDiffSection } from "./data-diff";
import { glueVersionsSection } from "./glue-versions";
import { mergeSections } from "./sections";
import { starterData } from "../tests/local-run-support";

const ROOT = repoRoot();
const quick = process.argv.includes("--quick");
const STARTER = starterData;

const f1 = (n: number) => n.toFixed(1);
const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const fig = (f: Figure, fmt: (n: number) => string, unit = "") =>
  `${fmt(f.median)}${unit} (${fmt(f.min)}–${fmt(f.max)})`;

function machine(python: string): string[] {
  const version = (cmd: string, args: string[], pick: (s: string) => string) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    return r.status === 0 ? pick(`${r.stdout}${r.stderr}`) : "unknown";
  };
  return [
    `- ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
    `- Node ${process.version}, ${version(python, ["--version"], (s) => s.trim())}, ${version("java", ["-version"], (s) => s.split("\n")[0]!.trim())}`,
    `- ${version(python, ["-c", "import pyspark, duckdb; print('pyspark', pyspark.__version__, '· duckdb', duckdb.__version__)"], (s) => s.trim())}`,
    `- ${new Date().toISOString().slice(0, 10)}, \`npm run bench${quick ? " -- --quick" : ""}\``,
  ];
}

function renderCheckCommand(runs: number): Figure {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync("npx", ["tsx", "src/cli/main.ts", "render", "--check"], { cwd: ROOT, encoding: "utf8" });
    samples.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`render --check failed: ${r.stderr}`);
  }
  return figure(samples);
}

function python(env: { python: string; env: NodeJS.ProcessEnv }, args: string[]): unknown {
  const r = spawnSync(env.python, [join(ROOT, "bench", "pipeline_bench.py"), ...args], {
    cwd: ROOT,
    env: env.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`pipeline_bench.py ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface RunSummary {
  wall: number;
  total: number;
  sparkStartup: number;
  catalog: number;
  counting: number;
  jobs: Record<string, number>;
  jobSeconds: number;
  landingLines: number;
  rows: Record<string, number | null>;
  peakRssBytes: number;
}
interface ScaleResult {
  scale: number;
  first: RunSummary;
  runs: RunSummary[];
}
interface CompareResult {
  a: RunSummary[];
  b: RunSummary[];
  c: { jobs: Record<string, number>; startup: number; rows: Record<string, number> }[];
}

function codegenSection(results: CodegenResult[]): string[] {
  const base = results[0]!;
  const lines = [
    "## Code generation at scale",
    "",
    "Synthetic pipelines (`bench/synthetic-pipeline.ts`): chains, fan-in, semi and inner joins, SQL nodes, renames, casts, dedupes. In-process after a warm-up.",
    "",
    "| jobs | files | validate + render, ms | per job, ms | freshness check (render + compare with files on disk), ms |",
    "|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${f0(r.jobs)} | ${f0(r.files)} | ${fig(r.validateAndRender, f0)} | ${(r.validateAndRender.median / r.jobs).toFixed(2)} | ${fig(r.check, f0)} |`,
    ),
    "",
  ];
  const last = results[results.length - 1]!;
  const growth = last.validateAndRender.median / last.jobs / (base.validateAndRender.median / base.jobs);
  lines.push(
    `Growth: per-job time at ${f0(last.jobs)} jobs is ${growth.toFixed(2)}× the per-job time at ${f0(base.jobs)} (≤ 1 means linear or better). Target: 1,000 jobs in under 2 s — **${last.jobs >= 1000 && last.validateAndRender.median < 2000 ? "met" : last.jobs < 1000 ? "not measured in --quick" : "missed"}**.`,
    "",
  );
  return lines;
}

function pulumiSection(results: PulumiBenchResult[], withoutSourceMaps: PulumiBenchResult[]): string[] {
  const lines = [
    "## The Pulumi program under mocks",
    "",
    "The real `Lakehouse` component for synthetic pipelines, under `pulumi.runtime.setMocks`, each run in a fresh Node process (`bench/pulumi-mocks.ts`). Time runs from setting the mocks until every resource is registered and every output resolved.",
    "",
    "| jobs | resources (AWS) | program, ms | per job, ms | child process wall, ms |",
    "|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${f0(r.jobs)} | ${f0(r.resourceCount)} (${f0(r.awsResourceCount)}) | ${fig(r.time, f0)} | ${(r.time.median / r.jobs).toFixed(1)} | ${fig(r.childWall, f0)} |`,
    ),
    ...withoutSourceMaps.map(
      (r) =>
        `| ${f0(r.jobs)}, without source maps | ${f0(r.resourceCount)} (${f0(r.awsResourceCount)}) | ${fig(r.time, f0)} | ${(r.time.median / r.jobs).toFixed(1)} | ${fig(r.childWall, f0)} |`,
    ),
    "",
  ];
  const first = results[0]!;
  const last = results[results.length - 1]!;
  if (last !== first)
    lines.push(
      `Growth: per-job time at ${f0(last.jobs)} jobs is ${(last.time.median / last.jobs / (first.time.median / first.jobs)).toFixed(2)}× the per-job time at ${f0(first.jobs)}. One IAM role per job: at ${f0(last.jobs)} jobs, ${f0(last.roles)} roles, the largest with ${f0(last.rolePolicyChars)} characters of inline policy (AWS allows 10,240 per role; the size guard is off for this benchmark only).`,
      "",
    );
  lines.push(...iamAtScale(200));
  return lines;
}

function scaleSection(results: ScaleResult[]): string[] {
  const lines = [
    "## The pipeline at scale (local Spark)",
    "",
    "Synthetic landing data of the default stack's project (`npm start -- --scale N`), stack dev. Medians over the runs after a first run; the first run (metastore creation, data generation) is shown apart. Rows per second = landing lines ÷ the jobs' seconds. Peak memory = largest RSS of the runner's process tree (Python + Spark JVM).",
    "",
    "| scale | landing lines | jobs total, s | rows/s | Spark start-up, s | catalog, s | whole run, s | peak memory, MiB | first run, s |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const m = (pick: (s: RunSummary) => number) => figure(r.runs.map(pick));
    const lines_ = r.runs[0]!.landingLines;
    lines.push(
      `| ×${r.scale} | ${f0(lines_)} | ${fig(
        m((s) => s.jobSeconds),
        f1,
      )} | ${f0(lines_ / m((s) => s.jobSeconds).median)} | ${fig(
        m((s) => s.sparkStartup),
        f1,
      )} | ${fig(
        m((s) => s.catalog),
        f1,
      )} | ${fig(
        m((s) => s.wall),
        f1,
      )} | ${fig(
        m((s) => s.peakRssBytes / 2 ** 20),
        f0,
      )} | ${f1(r.first.wall)} |`,
    );
  }
  lines.push("", "Per job, seconds (median, min–max):", "");
  const jobs = Object.keys(results[0]!.runs[0]!.jobs);
  lines.push(
    `| job | ${results.map((r) => `×${r.scale}`).join(" | ")} |`,
    `|---|${results.map(() => "---:").join("|")}|`,
  );
  for (const j of jobs)
    lines.push(`| ${j} | ${results.map((r) => fig(figure(r.runs.map((s) => s.jobs[j]!)), f1)).join(" | ")} |`);
  const perRow = (r: ScaleResult) => figure(r.runs.map((s) => s.jobSeconds)).median / r.runs[0]!.landingLines;
  const s10 = results.find((r) => r.scale === 10);
  const s100 = results.find((r) => r.scale === 100);
  lines.push("");
  if (s10 && s100)
    lines.push(
      `Per-row cost at ×100 is **${(perRow(s100) / perRow(s10)).toFixed(2)}×** the per-row cost at ×10 (target ≤ 1.5×).`,
      "",
    );
  return lines;
}

function compareSection(r: CompareResult): string[] {
  const jobs = Object.keys(r.a[0]!.jobs);
  const med = (xs: number[]) => figure(xs).median;
  const rowsA = r.a[0]!.rows;
  const equal =
    (["b"] as const).every(() => Object.entries(r.b[0]!.rows).every(([t, n]) => rowsA[t] === n)) &&
    Object.entries(r.c[0]!.rows).every(([t, n]) => rowsA[t] === n);
  const lines = [
    "## Side by side on the starter data",
    "",
    "- (a) our generated scripts (`generated/dev/`);",
    "- (b) the same five jobs written the way hand-built Glue Studio jobs are (`bench/handbuilt/dev/`): catalog reads, inner joins, then DropFields, then drop duplicates where the join multiplied rows;",
    "- (c) the same logic as plain SQL in DuckDB (`bench/duckdb_pipeline.py`), reading the same JSON and writing Parquet: the single-node floor.",
    "",
    `(a) and (b) run in the same local runtime, interleaved, ${r.a.length} run${r.a.length === 1 ? "" : "s"} each${quick ? " (cold: --quick)" : " after a first run"}; seconds are the runner's per-job times (Spark start-up and catalog excluded, they are the same for both). Output row counts are checked equal first: **${equal ? "equal" : "NOT EQUAL"}** (${Object.entries(
      r.c[0]!.rows,
    )
      .map(([t, n]) => `${t} ${f0(n)}`)
      .join(", ")}).`,
    "",
    "| job | (a) ours, s | (b) hand-built, s | (c) DuckDB, s | (a)/(b) | (a)/(c) |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  let ta = 0,
    tb = 0,
    tc = 0;
  for (const j of jobs) {
    const a = med(r.a.map((s) => s.jobs[j]!)),
      b = med(r.b.map((s) => s.jobs[j]!)),
      c = med(r.c.map((s) => s.jobs[j]!));
    ta += a;
    tb += b;
    tc += c;
    lines.push(
      `| ${j} | ${fig(figure(r.a.map((s) => s.jobs[j]!)), f1)} | ${fig(figure(r.b.map((s) => s.jobs[j]!)), f1)} | ${fig(figure(r.c.map((s) => s.jobs[j]!)), (n) => n.toFixed(3))} | ${(a / b).toFixed(2)} | ${f0(a / c)} |`,
    );
  }
  lines.push(
    `| **total** | **${f1(ta)}** | **${f1(tb)}** | **${tc.toFixed(3)}** | **${(ta / tb).toFixed(2)}** | **${f0(ta / tc)}** |`,
    "",
  );
  return lines;
}

async function main() {
  const env = ensurePythonEnv(ROOT, (l) => console.log(l), ["runtime/requirements.txt", "bench/requirements.txt"]);
  const out: string[] = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`bench/run.ts`), except the analysis, which is `bench/findings.md`, and the sections measured by their own scripts, which each names and which a run keeps (`bench/sections.ts`). Figures: median (min–max) over the stated runs.",
    "",
    "## Machine",
    "",
    ...machine(env.python),
    "",
  ];
  const step = (what: string) => console.log(`[bench] ${what} …`);

  step("code generation at 10, 100, 1,000 jobs");
  out.push(...codegenSection(benchCodegen([10, 100, 1000], quick ? 3 : 7)));
  step("npm run render -- --check on this repository");
  const check = renderCheckCommand(quick ? 2 : 5);
  out.push(
    `\`npm run render -- --check\` on this repository (2 stacks, 20 files), wall time including Node and tsx start-up: ${fig(check, f0)} ms.`,
    "",
  );

  step("Pulumi program under mocks");
  out.push(
    ...pulumiSection(
      await benchPulumi(quick ? [10] : [10, 100, 1000], quick ? 2 : 3),
      quick ? [] : await benchPulumi([1000], 3, { sourceMaps: false }),
    ),
  );

  // --quick stays under 2 minutes: one cold run per pipeline, and the scale runs only without the starter data.
  const runs = quick ? ["--runs", "1", "--no-warmup"] : ["--runs", "3"];
  if (!quick || !existsSync(STARTER)) {
    step("local pipeline at scale");
    out.push(
      ...scaleSection(
        python(env, ["scale", "--scales", ...(quick ? ["1"] : ["1", "10", "100"]), ...runs]) as ScaleResult[],
      ),
    );
  }
  if (existsSync(STARTER)) {
    step("side by side: generated vs hand-built vs DuckDB");
    out.push(...compareSection(python(env, ["compare", "--landing", STARTER, ...runs]) as CompareResult));
  } else out.push(`## Side by side\n\nSkipped: the starter data is not at ${STARTER}.\n`);

  if (!quick && existsSync(STARTER)) {
    step("npm start on each Glue version's runtime, starter data and x10");
    out.push(...glueVersionsSection(5));
    step("npm run diff, cold and warm, next to npm start");
    out.push(...dataDiffSection(3));
  }

  const findings = join(ROOT, "bench", "findings.md");
  if (!quick && existsSync(findings)) out.push(readFileSync(findings, "utf8"));
  const target = quick ? join(ROOT, "bench", "out", "BENCHMARKS.quick.md") : join(ROOT, "BENCHMARKS.md");
  mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
  const generated = `${out.join("\n").trimEnd()}\n`;
  // The sections measured by their own scripts (the test suite, the edit loop, Iceberg, ...) stay as they are.
  writeFileSync(
    target,
    quick || !existsSync(target) ? generated : mergeSections(readFileSync(target, "utf8"), generated),
  );
  console.log(`[bench] wrote ${target}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
