/**
 * The specs' shared Spark session: one Python process (tests/python/spark_service.py) per mocha process,
 * started by the first request and serving every later one, whichever spec file asks. A spec's small Spark
 * check (a plan, a parse, reading tables back) is a request to it, not a JVM of its own: start-up, ~10 s
 * on 2 cores, is most of such a check's cost (docs/architecture.md, "Spark in the tests").
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { runnerInvocation } from "../src/cli/run";

const repoRoot = resolve(__dirname, "..");

/** The helpers of tests/python the service serves (spark_service.HELPERS). */
export type SparkHelper = "row_match_plan" | "sql_relations" | "local_run_inspect" | "eval_expressions";

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: string;
}

interface Pending {
  readonly helper: SparkHelper;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

class SparkService {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderr = "";
  exited = false;

  constructor() {
    const invocation = runnerInvocation([], repoRoot);
    this.child = spawn(invocation.command, [join(__dirname, "python", "spark_service.py")], {
      cwd: repoRoot,
      env: invocation.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-6000);
    });
    createInterface({ input: this.child.stdout! }).on("line", (line) => this.reply(JSON.parse(line) as Reply));
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      for (const [id, request] of this.pending) {
        this.pending.delete(id);
        request.reject(
          new Error(
            `the shared Spark session ended (${code ?? signal}) before answering ${request.helper}:\n${this.stderr}`,
          ),
        );
      }
    });
    this.idle();
  }

  call(helper: SparkHelper, input: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { helper, resolve, reject });
      this.busy();
      this.child.stdin!.write(`${JSON.stringify({ id, helper, input })}\n`);
    });
  }

  private reply(reply: Reply): void {
    const request = this.pending.get(reply.id);
    if (!request) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.idle();
    if (reply.ok) request.resolve(reply.result);
    else request.reject(new Error(`${request.helper} failed in the shared Spark session:\n${reply.error}`));
  }

  // While nothing is asked the process must not keep mocha alive: when mocha ends, its stdin closes and
  // the service stops Spark. While a request is pending it must, or Node could exit before the reply.
  private streams = () => [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Socket[];

  private busy(): void {
    this.child.ref();
    for (const stream of this.streams()) stream.ref();
  }

  private idle(): void {
    this.child.unref();
    for (const stream of this.streams()) stream.unref();
  }
}

let service: SparkService | undefined;

/** Runs tests/python/<helper>.py's `serve(spark, input)` in the shared session and returns its result. */
export function sparkCall<T>(helper: SparkHelper, input: unknown): Promise<T> {
  if (!service || service.exited) service = new SparkService();
  return service.call(helper, input) as Promise<T>;
}
