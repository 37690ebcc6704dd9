/**
 * Spark JVM start-ups per spec file, held to the budget in tests/spark-budget.json (a mocha root-hook plugin,
 * loaded by .mocharc.js). Start-up is most of a small Spark check's cost (~10 s on 2 cores), so a spec that
 * starts one more JVM than its budget fails the run, naming the spec, until its new check joins a session it
 * already has, or the shared one (tests/spark-service.ts); docs/architecture.md, "Spark in the tests".
 *
 * It counts what really starts: every few hundred milliseconds it lists the Spark driver JVMs descending from
 * this mocha process (/proc; Linux, as CI is; elsewhere it counts nothing and says so). A JVM lives seconds, so
 * none is missed; the set-up's one-off class-archive run is not a test's and is not counted.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { isMainThread, Worker, workerData } from "node:worker_threads";

/** What a Spark driver JVM's command line holds (pyspark starts it through spark-submit). */
export const SPARK_DRIVER = "org.apache.spark.deploy.SparkSubmit";
/** Not drivers: spark-class's launcher JVM, which only prints the driver's command (its arguments name SparkSubmit
 * too), and the set-up's class-archive run (runtime/lakehouse/class_archive.py), once per Java and pyspark install. */
const NOT_COUNTED = ["org.apache.spark.launcher.Main", "-XX:ArchiveClassesAtExit"];

const repoRoot = resolve(__dirname, "..");
const budgetFile = join(__dirname, "spark-budget.json");

/** The pids of `program` processes (spark-class's bash, which names SparkSubmit too, is not java) whose command
 * line holds `marker` and none of `exclude`, descending from `ancestor`. A child of such a process is not one: a JVM
 * forking to run a command (Hadoop's chmod on local files) shows its parent's command line until it execs. */
export function descendantsWith(
  marker: string,
  ancestor: number,
  program = "java",
  exclude: readonly string[] = NOT_COUNTED,
): number[] {
  const parents = new Map<number, number>();
  const programs = new Map<number, string>();
  const matching: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command is in parentheses and may hold spaces: the parent pid is the 2nd field after them.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      programs.set(Number(entry), basename(command.split("\0")[0]!));
      const found = programs.get(Number(entry)) === program && command.includes(marker);
      if (found && !exclude.some((text) => command.includes(text))) matching.push(Number(entry));
    } catch {
      // it ended while being read
    }
  }
  return matching.filter((pid) => {
    if (programs.get(parents.get(pid)!) === program) return false;
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === ancestor) return true;
    return false;
  });
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").slice(-300);
  } catch {
    return "(ended)";
  }
}

// The specs start Spark with spawnSync, which blocks this thread's event loop for the whole run, so the watching
// happens in a worker thread, which writes each new driver's pid to shared memory: slot 0 the count, then the pids.
const SLOTS = 4096;

function watch(pids: Int32Array, ancestor: number): void {
  const seen = new Set<number>();
  setInterval(() => {
    for (const pid of descendantsWith(SPARK_DRIVER, ancestor)) {
      if (seen.has(pid) || seen.size >= SLOTS - 1) continue;
      seen.add(pid);
      // STEDI_SPARK_BUDGET_DEBUG=1 names each JVM counted, to find which call of a spec started it.
      if (process.env.STEDI_SPARK_BUDGET_DEBUG === "1") console.error(`spark-budget: ${pid} ${commandOf(pid)}`);
      Atomics.store(pids, seen.size, pid);
      Atomics.store(pids, 0, seen.size);
    }
  }, 200);
}

if (!isMainThread && workerData?.sparkBudget) watch(new Int32Array(workerData.sparkBudget), workerData.ancestor);

/** The specs over budget, each as a message that says what to do. */
export function overBudget(started: Record<string, number>, budget: Record<string, number>): string[] {
  return Object.entries(started)
    .filter(([spec, count]) => count > (budget[spec] ?? 0))
    .map(
      ([spec, count]) =>
        `${spec} started ${count} Spark JVM${count === 1 ? "" : "s"}; its budget (tests/spark-budget.json) is ` +
        `${budget[spec] ?? 0}. Fix: run the new Spark check in a session the spec already starts (one Python ` +
        `process serving many scenarios) or in the shared one (tests/spark-service.ts), as docs/architecture.md ` +
        `("Spark in the tests") says; raise the budget only when a check needs a JVM of its own, and say why.`,
    );
}

const pids = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
let read = 0;
const started: Record<string, number> = {};
let watcher: Worker | undefined;

// Wall seconds per spec file, printed at the end, so a slow suite shows where its minutes went (its before hooks,
// where most Spark runs happen, included: the time since the last hook goes to the file whose test comes next).
const seconds: Record<string, number> = {};
let lastMark = Date.now();

/** Charges the drivers started, and the seconds gone, since the last call to the spec file running now. */
function attribute(file: string | undefined): void {
  const count = Atomics.load(pids, 0);
  if (file === undefined) return;
  const spec = relative(repoRoot, file);
  for (; read < count; read++) started[spec] = (started[spec] ?? 0) + 1;
  const now = Date.now();
  seconds[spec] = (seconds[spec] ?? 0) + (now - lastMark) / 1000;
  lastMark = now;
}

/** The slowest spec files, as `spec 123 s`, slowest first. */
export function slowest(perSpec: Record<string, number>, count = 15): string {
  return Object.entries(perSpec)
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([spec, s]) => `${spec} ${Math.round(s)} s`)
    .join(", ");
}

const counting = isMainThread && process.platform === "linux";

export const mochaHooks = {
  beforeAll(): void {
    if (!counting) return;
    const tsx = require.resolve("tsx/cjs");
    watcher = new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(__filename)});`, {
      eval: true,
      workerData: { sparkBudget: pids.buffer, ancestor: process.pid },
    });
    watcher.unref();
  },
  beforeEach(this: Mocha.Context): void {
    if (counting) attribute(this.currentTest?.file);
  },
  afterEach(this: Mocha.Context): void {
    if (counting) attribute(this.currentTest?.file);
  },
  afterAll(): void {
    if (!counting) {
      console.log(`  Spark JVM budget not checked: it counts JVMs through /proc (Linux), not on ${process.platform}.`);
      return;
    }
    void watcher?.terminate();
    const budget = JSON.parse(readFileSync(budgetFile, "utf8")) as Record<string, number>;
    const total = Object.values(started).reduce((sum, n) => sum + n, 0);
    const files = Object.entries(started).map(([spec, n]) => `${spec} ${n}/${budget[spec] ?? 0}`);
    console.log(`  Spark JVMs started: ${total} (per spec, started/budget: ${files.join(", ") || "none"})`);
    console.log(`  Slowest spec files (wall, their hooks included): ${slowest(seconds) || "none"}`);
    // scripts/mocha-shards.ts deals the spec files to its processes by these (UPDATE_SPEC_SECONDS=1 keeps them).
    if (process.env.SPEC_SECONDS_FILE) writeFileSync(process.env.SPEC_SECONDS_FILE, JSON.stringify(seconds));
    const problems = overBudget(started, budget);
    if (problems.length > 0) throw new Error(problems.join("\n"));
  },
};
