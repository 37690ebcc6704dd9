/**
 * `npm run test:jobs [-- --job NAME] [--stack NAME] [--table-format iceberg]`: the jobs' unit tests
 * (`jobs/<project>/<job>.tests.ts`), run through each stack's real generated scripts on local Spark, all in one Spark
 * session. Renders first when generated/ is stale, like `npm start`, so the scripts tested are the DSL's now;
 * `--table-format iceberg` tests the scripts `<project>:tableFormat: iceberg` renders (as `npm start` runs them).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildUnitTests } from "../build";
import type { UnitTestDef } from "../dsl";
import { SetupError } from "./python-env";
import { renderBeforeRun, runnerInvocation, tableFormatOption } from "./run";
import { REPO_ROOT, readStackConfig, stackNames } from "./stacks";

export interface StackUnitTest extends UnitTestDef {
  readonly stack: string;
}

export interface UnitTestResult {
  readonly job: string;
  readonly name: string;
  readonly stack: string;
  readonly status: "passed" | "failed";
  readonly seconds: number;
  readonly problems: string[];
}

export interface UnitTestRun {
  readonly status: number | null;
  readonly output: string;
  readonly results: UnitTestResult[];
  /** Seconds for all tests once Spark is up, and Spark's start-up. */
  readonly seconds?: number;
  readonly sparkStartupSeconds?: number;
}

/** Every stack's unit tests, validated (throws UnitTestValidationError listing every problem). */
export function allUnitTests(root = REPO_ROOT): StackUnitTest[] {
  return stackNames(root).flatMap((stack) =>
    buildUnitTests(readStackConfig(stack, root)).map((t) => ({ ...t, stack })),
  );
}

/**
 * Runs `tests` in one Python process; `echo` streams its output as it comes (the CLI), else it is collected.
 * `generated`: the rendered stacks whose scripts run (default generated/).
 */
export function runUnitTests(
  tests: readonly StackUnitTest[],
  root = REPO_ROOT,
  echo = false,
  generated = join(root, "generated"),
): UnitTestRun {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-job-tests-"));
  try {
    const specFile = join(dir, "tests.json");
    const resultsFile = join(dir, "results.json");
    writeFileSync(specFile, JSON.stringify({ generated, tests }));
    // On the runtime of the Glue version the stacks were rendered for (their manifest's glueVersion).
    const invocation = runnerInvocation(["--generated", generated], root);
    const result = spawnSync(invocation.command, ["-m", "lakehouse.unit_tests", specFile, resultsFile], {
      cwd: root,
      env: invocation.env,
      encoding: "utf8",
      stdio: echo ? "inherit" : "pipe",
      maxBuffer: 64 * 1024 * 1024,
    });
    let parsed: Pick<UnitTestRun, "results" | "seconds" | "sparkStartupSeconds"> = { results: [] };
    try {
      parsed = JSON.parse(readFileSync(resultsFile, "utf8")) as typeof parsed;
    } catch {
      // No results file: the runner failed before the tests; its output says why.
    }
    return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}`, ...parsed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function testJobsCommand(argv: string[], root = REPO_ROOT): number {
  const option = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const job = option("--job");
  const stack = option("--stack");
  renderBeforeRun(root);
  let generated: string | undefined;
  try {
    generated = tableFormatOption(argv, root).generated;
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`test:jobs: ${error.message}`);
    return 2;
  }
  const tests = allUnitTests(root).filter((t) => (!job || t.job === job) && (!stack || t.stack === stack));
  if (!tests.length) {
    console.error(`test:jobs: no unit tests${job ? ` for job ${job}` : ""}${stack ? ` in stack ${stack}` : ""}.`);
    return 2;
  }
  return runUnitTests(tests, root, true, generated).status ?? 1;
}
