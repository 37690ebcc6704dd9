/**
 * The Pulumi program under mocks at scale: the Lakehouse component for synthetic pipelines of 10, 100
 * and 1,000 jobs, with every resource answered by `pulumi.runtime.setMocks`. Pulumi's runtime state is
 * process-global, so each run is a fresh child process (bench/pulumi-mocks-child.ts), timed inside the
 * child from setting the config and mocks until every resource has registered and every output has
 * resolved; Node + tsx start-up and module loading are reported apart, and so is the child's wall time.
 * The child uses the tests' mocks and turns off the IAM policy size guard (these sizes are far over
 * AWS's limit on purpose); its header says why.
 *
 *   npx tsx bench/pulumi-mocks.ts [--runs 3] [--no-source-maps] [--cpu-prof DIR] 10 100 1000
 *
 * Source maps: tsx turns Node's source-map support on, and the Pulumi SDK captures `new Error().stack`
 * for four promises per output property of every resource (runtime/debuggable.js), so each capture is
 * source-mapped. That is most of the time per resource; `sourceMaps: false` measures without it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { PulumiChildRun } from "./pulumi-mocks-child";
import { figure, ms, type Figure } from "./stats";

export interface PulumiBenchResult {
  readonly jobs: number;
  /** Every registered resource: AWS resources plus our components. */
  readonly resourceCount: number;
  readonly awsResourceCount: number;
  /** setAllConfig + setMocks + `new Lakehouse` → all resources registered and all outputs resolved (ms). */
  readonly time: Figure;
  /** syntheticPipeline + validate + render in the child, before the program (ms). */
  readonly render: Figure;
  /** Node + tsx start-up and module loading, before the child's code ran (ms). */
  readonly load: Figure;
  /** Spawn to exit of the child, as the parent saw it (ms). */
  readonly childWall: Figure;
  /**
   * Characters of the largest role's inline policies together (one role per job); AWS allows 10,240 per role
   * (whitespace not counted).
   */
  readonly rolePolicyChars: number;
  /** How many roles the program created. */
  readonly roles: number;
  /** Largest heap in use at the end of a run (MiB). */
  readonly heapUsedMb: number;
  readonly sourceMaps: boolean;
}

export interface PulumiBenchOptions {
  /** Leave tsx's source-map support on, as mocha and the tests run (default true). */
  readonly sourceMaps?: boolean;
  /** Write a `node --cpu-prof` profile of every child run into this directory. */
  readonly cpuProfDir?: string;
  readonly stack?: string;
}

const ROOT = join(__dirname, "..");
const CHILD = join(__dirname, "pulumi-mocks-child.ts");

function runChild(jobs: number, options: PulumiBenchOptions): Promise<{ run: PulumiChildRun; wallMs: number }> {
  const nodeArgs = options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [];
  const env = { ...process.env, ...(options.sourceMaps === false ? { BENCH_SOURCE_MAPS: "off" } : {}) };
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--require", "tsx/cjs", CHILD, String(jobs), options.stack ?? "dev"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      const line = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{"))
        return reject(new Error(`pulumi-mocks child for ${jobs} jobs exited ${code}:\n${stderr}${stdout}`));
      resolve({ run: JSON.parse(line) as PulumiChildRun, wallMs });
    });
  });
}

export async function benchPulumi(
  sizes: readonly number[],
  runs: number,
  options: PulumiBenchOptions = {},
): Promise<PulumiBenchResult[]> {
  const results: PulumiBenchResult[] = [];
  for (const jobs of sizes) {
    const samples: { run: PulumiChildRun; wallMs: number }[] = [];
    for (let i = 0; i < runs; i++) samples.push(await runChild(jobs, options));
    const first = samples[0]!.run;
    if (samples.some(({ run }) => run.resourceCount !== first.resourceCount))
      throw new Error(`The resource count for ${jobs} jobs differs between runs.`);
    results.push({
      jobs,
      resourceCount: first.resourceCount,
      awsResourceCount: first.awsResourceCount,
      time: figure(samples.map(({ run }) => run.programMs)),
      render: figure(samples.map(({ run }) => run.renderMs)),
      load: figure(samples.map(({ run }) => run.loadMs)),
      childWall: figure(samples.map(({ wallMs }) => wallMs)),
      rolePolicyChars: Math.max(...Object.values(first.rolePolicyChars)),
      roles: Object.keys(first.rolePolicyChars).length,
      heapUsedMb: Math.max(...samples.map(({ run }) => run.heapUsedMb)),
      sourceMaps: options.sourceMaps !== false,
    });
  }
  return results;
}

/** A Markdown table of the results, with the per-job time and its growth against the previous size. */
export function pulumiTable(results: readonly PulumiBenchResult[]): string {
  const rows = results.map((r, i) => {
    const prev = results[i - 1];
    const growth = prev ? `${(r.time.median / r.jobs / (prev.time.median / prev.jobs)).toFixed(2)}×` : "";
    return `| ${r.jobs} | ${r.resourceCount} (${r.awsResourceCount} AWS) | ${ms(r.time)} | ${(r.time.median / r.jobs).toFixed(1)} ms | ${growth} | ${ms(r.render)} | ${ms(r.load)} | ${ms(r.childWall)} | ${r.heapUsedMb.toFixed(0)} MiB | ${r.rolePolicyChars} |`;
  });
  return [
    `| jobs | resources | program under mocks | per job | per-job growth | render | start-up + load | child wall | heap | largest role's inline policy chars (AWS max 10,240 per role) |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows,
  ].join("\n");
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const runs = Number(flag("--runs") ?? 3);
  const cpuProfDir = flag("--cpu-prof");
  const noSourceMaps = args.includes("--no-source-maps");
  const sizes = args.filter((a) => !a.startsWith("--")).map(Number);
  benchPulumi(sizes.length ? sizes : [10, 100, 1000], runs, {
    sourceMaps: !noSourceMaps,
    ...(cpuProfDir ? { cpuProfDir } : {}),
  })
    .then((results) =>
      console.log(`source maps ${noSourceMaps ? "off" : "on"}, ${runs} runs per size\n\n${pulumiTable(results)}`),
    )
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
