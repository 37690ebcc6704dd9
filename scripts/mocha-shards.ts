/**
 * `npm test`'s mocha step: every spec file, in two mocha processes at once (docs/decisions/ci-parallel-specs.md).
 * Most of a Spark spec's wall time is one-core work (JVM start-up, Python and tsx imports, query planning), so on
 * 2 cores two processes finish the suite in well under the time of one.
 *
 * 1. The set-up both processes would otherwise race for is done first, once: each Glue version's venv, and the Spark
 *    class archive of the versions they start most JVMs on (src/cli/python-env.ts, src/cli/run.ts).
 * 2. The spec files are dealt to the processes longest first, by their seconds in tests/spec-seconds.json (a file
 *    it does not list counts as DEFAULT_SECONDS), so both end at about the same time.
 * 3. Each process is a plain `mocha FILE...` with .mocharc.js, so the Spark JVM budget and the shared Spark session
 *    work per process as they do in one. Their lines are printed as they come, each with its process's tag; the
 *    failures of a process are printed again, whole, at the end, from its log in .lakehouse/test-logs/.
 *
 * `MOCHA_PROCESSES=1` runs one process (as plain `mocha` does). `UPDATE_SPEC_SECONDS=1` writes the seconds this run
 * measured into tests/spec-seconds.json.
 *
 * `--glue-versions [V,...]` (`npm run test:glue-versions`) runs instead the specs whose outcome depends on the Glue
 * version (GLUE_VERSION_SPECS) on each version the committed stacks do not use, one process per version, with
 * LAKEHOUSE_TEST_GLUE_VERSION set (tests/local-run-support.ts renders the stacks for it).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { ensurePythonEnv, GLUE_VERSIONS, UNVERSIONED_GLUE_VERSION, type GlueVersion } from "../src/cli/python-env";
import { ensureRuntime, glueVersionOf, NO_CLASS_ARCHIVE_TRAINING } from "../src/cli/run";

const root = resolve(__dirname, "..");
const SECONDS_FILE = join(root, "tests", "spec-seconds.json");
const LOGS = join(root, ".lakehouse", "test-logs");
export const DEFAULT_SECONDS = 5;

/**
 * What `--glue-versions` runs on each other version: the rubric in both privacy profiles with the data-quality
 * outcomes, the bad-input suite, the Iceberg scenarios and the jobs' unit tests (docs/decisions/ci-parallel-specs.md).
 */
export const GLUE_VERSION_SPECS = [
  "tests/local-run.spec.ts",
  "tests/local-run-bad-input.spec.ts",
  "tests/local-run-iceberg.spec.ts",
  "tests/job-unit-tests.spec.ts",
] as const;

/** The committed stacks' Glue versions, as `npm start` reads them (glueVersionOf). */
function committedGlueVersions(): Set<GlueVersion> {
  return new Set(readdirSync(join(root, "generated")).map((stack) => glueVersionOf(["--stack", stack], root)));
}

/** Every spec file, as .mocharc.js's `spec` glob (tests/**\/*.spec.ts) finds them, relative to the root. */
export function specFiles(dir = join(root, "tests")): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".spec.ts"))
    .map((file) => relative(root, join(dir, file)))
    .sort();
}

/**
 * The files dealt to `count` processes, longest first, each to the process with the fewest seconds so far (the
 * longest-processing-time rule: within 4/3 of the best split). Ties go to the lower process, so a split is
 * deterministic.
 */
export function dealSpecs(files: readonly string[], seconds: Record<string, number>, count: number): string[][] {
  const weight = (file: string) => seconds[file] ?? DEFAULT_SECONDS;
  const ordered = [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  const shards = Array.from({ length: count }, () => ({ files: [] as string[], total: 0 }));
  for (const file of ordered) {
    const lightest = shards.reduce((best, shard) => (shard.total < best.total ? shard : best));
    lightest.files.push(file);
    lightest.total += weight(file);
  }
  return shards.map((shard) => shard.files).filter((files) => files.length > 0);
}

/**
 * Each Glue version's venv, made before the processes start, so that no two make one at once; with its class archive
 * only for the versions in `trained`, the ones the processes start most JVMs on. The others start a few (npm test:
 * about 4 on 5.1 and 6 on 6.0), each 3-5 s slower without an archive, against 50-65 s of training before any spec
 * runs; so the processes are told not to train one either (NO_CLASS_ARCHIVE_TRAINING, set by runShard).
 */
function prepareRuntimes(versions: readonly GlueVersion[], trained: ReadonlySet<GlueVersion>): void {
  const log = (line: string) => console.log(line);
  for (const version of versions) {
    if (trained.has(version)) ensureRuntime(version, root, log);
    else ensurePythonEnv(root, log, undefined, version);
  }
}

interface ShardResult {
  readonly tag: string;
  readonly status: number;
  readonly log: string;
  readonly seconds: number;
  readonly measured: Record<string, number>;
}

function runShard(
  index: number,
  files: readonly string[],
  count: number,
  extraEnv: NodeJS.ProcessEnv = {},
  label = `${index + 1}/${count}`,
): Promise<ShardResult> {
  const tag = count === 1 ? "" : `[${label}] `;
  const log = join(LOGS, `process-${index + 1}.log`);
  const measuredFile = join(LOGS, `process-${index + 1}.seconds.json`);
  rmSync(measuredFile, { force: true });
  const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");
  const started = Date.now();
  const child = spawn(process.execPath, [mocha, ...files], {
    cwd: root,
    env: {
      ...process.env,
      SPEC_SECONDS_FILE: measuredFile,
      FORCE_COLOR: process.env.FORCE_COLOR ?? "0",
      [NO_CLASS_ARCHIVE_TRAINING]: "1", // prepareRuntimes trained every archive worth training
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      console.log(`${tag}${line}`);
    });
  }
  return new Promise((resolvePromise) => {
    child.on("close", (code, signal) => {
      writeFileSync(log, `${lines.join("\n")}\n`);
      let measured: Record<string, number> = {};
      try {
        measured = JSON.parse(readFileSync(measuredFile, "utf8")) as Record<string, number>;
      } catch {
        // it ended before its root hooks wrote them
      }
      resolvePromise({
        tag: tag.trim() || "mocha",
        status: code ?? (signal ? 1 : 0),
        log,
        seconds: (Date.now() - started) / 1000,
        measured,
      });
    });
  });
}

/** From mocha's spec reporter output: the summary and everything after it (the failures, whole). */
export function failureSection(log: string): string {
  const lines = log.split("\n");
  const at = lines.findIndex((line) => /^\s+\d+ passing \(/.test(line));
  return (at < 0 ? lines.slice(-80) : lines.slice(at)).join("\n");
}

/** The Glue versions a `--glue-versions` run is for: those asked, else every one the committed stacks do not use. */
function glueVersionsAsked(asked: string | undefined): GlueVersion[] {
  const committed = committedGlueVersions();
  const versions = asked ? asked.split(",") : GLUE_VERSIONS.filter((v) => !committed.has(v));
  for (const version of versions)
    if (!GLUE_VERSIONS.includes(version as GlueVersion))
      throw new Error(
        `--glue-versions: ${version} is not a Glue version the engine supports (${GLUE_VERSIONS.join(", ")}).`,
      );
  return versions as GlueVersion[];
}

/** The processes of a `--glue-versions` run: the version-dependent specs, once per version. */
function glueVersionRuns(versions: readonly GlueVersion[]): Promise<ShardResult>[] {
  for (const version of versions) console.log(`mocha on Glue ${version}: ${GLUE_VERSION_SPECS.join(", ")}`);
  return versions.map((version, i) =>
    runShard(i, GLUE_VERSION_SPECS, versions.length, { LAKEHOUSE_TEST_GLUE_VERSION: version }, `Glue ${version}`),
  );
}

async function main(): Promise<number> {
  const count = Math.max(1, Number(process.env.MOCHA_PROCESSES ?? "2") || 1);
  const versionsAt = process.argv.indexOf("--glue-versions");
  const versions = versionsAt >= 0 ? glueVersionsAsked(process.argv[versionsAt + 1]) : undefined;
  // The test tools and the shared Spark session run on the unversioned runtime (.venv) in either mode.
  prepareRuntimes(
    versions ? [...new Set([UNVERSIONED_GLUE_VERSION, ...versions])] : GLUE_VERSIONS,
    new Set(versions ? [UNVERSIONED_GLUE_VERSION, ...versions] : committedGlueVersions()),
  );
  mkdirSync(LOGS, { recursive: true });
  const seconds = JSON.parse(readFileSync(SECONDS_FILE, "utf8")) as Record<string, number>;
  let runs: Promise<ShardResult>[];
  if (versions) runs = glueVersionRuns(versions);
  else {
    const shards = dealSpecs(specFiles(), seconds, count);
    shards.forEach((files, i) => {
      const total = files.reduce((sum, file) => sum + (seconds[file] ?? DEFAULT_SECONDS), 0);
      console.log(`mocha process ${i + 1}/${shards.length}: ${files.length} spec files, ~${Math.round(total)} s`);
    });
    runs = shards.map((files, i) => runShard(i, files, shards.length));
  }
  const results = await Promise.all(runs);
  console.log("");
  for (const result of results) {
    console.log(`${result.tag}: ${result.status === 0 ? "passed" : "FAILED"} in ${Math.round(result.seconds)} s`);
  }
  for (const result of results.filter((r) => r.status !== 0)) {
    console.log(`\n${result.tag} failed; its summary and failures (whole log: ${relative(root, result.log)}):`);
    console.log(failureSection(readFileSync(result.log, "utf8")));
  }
  if (process.env.UPDATE_SPEC_SECONDS === "1" && !versions) {
    const measured = Object.assign({}, ...results.map((r) => r.measured)) as Record<string, number>;
    const rounded = Object.fromEntries(
      Object.entries(measured)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([spec, s]) => [spec, Math.max(1, Math.round(s))]),
    );
    writeFileSync(SECONDS_FILE, `${JSON.stringify(rounded, null, 2)}\n`);
    console.log(`Wrote ${relative(root, SECONDS_FILE)} from this run.`);
  }
  return results.some((r) => r.status !== 0) ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
