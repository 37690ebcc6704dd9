/**
 * An AWS API emulator for tests: moto in server mode (PyPI `moto[server]`, pinned in tests/requirements.txt),
 * started from the project's .venv on 127.0.0.1 on a free port, and stopped by `stop()` (call it in an
 * `after` hook; it is also stopped when the test process exits, so a failing test never leaves it running).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePythonEnv, repoRoot } from "../../src/cli/python-env";

export interface AwsEmulator {
  readonly endpoint: string;
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilUp(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto server exited with ${child.exitCode} before it was up:\n${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`moto server did not answer on ${endpoint} within ${timeoutMs / 1000} s:\n${output()}`);
}

export async function startAwsEmulator(): Promise<AwsEmulator> {
  const root = repoRoot();
  const { python, env } = ensurePythonEnv(root, (line) => console.log(`      ${line}`), ["tests/requirements.txt"]);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto's request log goes to a file, not a pipe: the replay runs synchronously, so nothing would read a pipe
  // meanwhile, and once its buffer filled moto would block on writing and the replay wait on moto for ever.
  const logDir = mkdtempSync(join(tmpdir(), "moto-"));
  const logFile = join(logDir, "moto.log");
  const logFd = openSync(logFile, "w");
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  const log = () => readFileSync(logFile, "utf8").slice(-20_000);
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    rmSync(logDir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  try {
    await waitUntilUp(endpoint, child, log);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    endpoint,
    python,
    env: { ...env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" },
    stop: () => {
      stop();
      process.removeListener("exit", stop);
    },
  };
}
