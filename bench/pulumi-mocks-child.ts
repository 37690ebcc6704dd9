/**
 * One run of the Lakehouse component under `pulumi.runtime.setMocks`, for `bench/pulumi-mocks.ts`.
 * Pulumi's runtime state is process-global, so every run is its own process:
 *
 *   node --require tsx/cjs bench/pulumi-mocks-child.ts <jobs> [stack]
 *
 * Renders `syntheticPipeline(jobs)` with the stack's config, then times the program: from setting the
 * config and mocks until every resource has registered and every stack output has resolved. Prints one
 * JSON line (a PulumiChildRun) on stdout.
 *
 * The mocks are the tests' own (`installMocks` and friends from tests/infra-harness.ts), so the bench
 * times the program against exactly what the infra tests check.
 *
 * The Lakehouse is built with `iamPolicySizeCheck: false`. The guard (infra/role-policies.ts) refuses any
 * pipeline in which one role's policies could exceed AWS's 10,240-character limit. Each job has its own
 * role, so job count alone never trips it, but the dev stack's crawler role lists every landing table, and
 * the 1,000-job pipeline's 100 landing tables outgrow it. The bench measures construction time at scale,
 * not a deployable stack, so it is the one caller that turns the guard off.
 *
 * Diagnostics, by environment: BENCH_SOURCE_MAPS=off turns off the source-map support tsx enables;
 * BENCH_STACK_LIMIT=<n> sets Error.stackTraceLimit (0 removes the cost of the Pulumi SDK's debug stacks).
 */
import { PROJECTS } from "../jobs";
import { Lakehouse } from "../infra/lakehouse";
import { stackPrefix } from "../infra/naming";
import { stackConfigValues } from "../src/cli/stacks";
import { parseStackConfig } from "../src/config/stack-config";
import { assertValid } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { allRegistered, installMocks, settle } from "../tests/infra-harness";
import { syntheticPipeline } from "./synthetic-pipeline";

export interface PulumiChildRun {
  readonly jobs: number;
  /** Every resource that reached the mocks: components, the default provider and AWS resources. */
  readonly resourceCount: number;
  readonly awsResourceCount: number;
  readonly byType: Record<string, number>;
  /** Node + tsx start-up and loading the program's modules, before our code ran. */
  readonly loadMs: number;
  /** syntheticPipeline + validate + render (measured by the codegen benchmark too). */
  readonly renderMs: number;
  /** setAllConfig + setMocks + `new Lakehouse` until all resources registered and all outputs resolved. */
  readonly programMs: number;
  /**
   * Characters of each role's inline policies together, by role, as the program passed them to AWS (JSON.stringify, no
   * whitespace).
   */
  readonly rolePolicyChars: Record<string, number>;
  readonly heapUsedMb: number;
}

async function main(): Promise<void> {
  const loadMs = performance.now();
  const jobs = Number(process.argv[2]);
  const stack = process.argv[3] ?? "dev";
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new Error(`usage: pulumi-mocks-child.ts <jobs> [stack], got ${process.argv.slice(2).join(" ")}`);

  if (process.env.BENCH_SOURCE_MAPS === "off") process.setSourceMapsEnabled(false);
  if (process.env.BENCH_STACK_LIMIT) Error.stackTraceLimit = Number(process.env.BENCH_STACK_LIMIT);
  const values = stackConfigValues(stack);
  const config = parseStackConfig(stack, values, PROJECTS);
  const r0 = performance.now();
  const pipeline = renderPipeline(assertValid(syntheticPipeline(jobs)), {
    stack,
    database: config.databaseName,
    options: config.options,
  });
  const renderMs = performance.now() - r0;

  const byType: Record<string, number> = {};
  const rolePolicyChars: Record<string, number> = {};
  const t0 = performance.now();
  await installMocks(stack, values, ({ type, inputs }) => {
    byType[type] = (byType[type] ?? 0) + 1;
    if (type === "aws:iam/rolePolicy:RolePolicy")
      rolePolicyChars[inputs.role] = (rolePolicyChars[inputs.role] ?? 0) + String(inputs.policy).length;
  });
  // The size guard is off here only: see the header.
  const lakehouse = new Lakehouse(stackPrefix(pipeline), { pipeline, config, iamPolicySizeCheck: false });
  for (const value of Object.values(lakehouse.outputs)) await settle(value);
  await allRegistered();
  const programMs = performance.now() - t0;

  const counts = Object.entries(byType);
  const run: PulumiChildRun = {
    jobs,
    resourceCount: counts.reduce((n, [, c]) => n + c, 0),
    awsResourceCount: counts.filter(([t]) => t.startsWith("aws:")).reduce((n, [, c]) => n + c, 0),
    byType,
    loadMs,
    renderMs,
    programMs,
    rolePolicyChars,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
