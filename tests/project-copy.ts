/**
 * A throw-away copy of the project for tests that edit the DSL: the files git tracks or would track,
 * with node_modules, .venv and the other Glue versions' venvs (.lakehouse/python) linked to this checkout's (or only
 * those of `linked`: a copy without node_modules is a fresh clone's), and its own git repository so that
 * `.gitignore` applies as it does here. Linked venvs also share their Spark class archive (src/cli/python-env.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { repoRoot } from "./local-run-support";

const LINKED = ["node_modules", ".venv", ".lakehouse/python"];

export class ProjectCopy {
  constructor(
    readonly root: string,
    options: { linked?: readonly string[] } = {},
  ) {
    const linked = options.linked ?? LINKED;
    const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
      // Deleted in the work tree, or linked below.
      if (!existsSync(join(repoRoot, file)) || LINKED.includes(file)) continue;
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(join(repoRoot, file), join(root, file));
    }
    for (const name of linked) {
      // A venv the copy makes first is then made in the checkout, for the next copy (and the checkout) to use.
      if (name === ".lakehouse/python") mkdirSync(join(repoRoot, name), { recursive: true });
      mkdirSync(dirname(join(root, name)), { recursive: true });
      symlinkSync(join(repoRoot, name), join(root, name), "dir");
    }
    spawnSync("git", ["init", "--quiet"], { cwd: root });
  }

  read(file: string): string {
    return readFileSync(join(this.root, file), "utf8");
  }

  /** Replaces `from` (which must occur exactly once) with `to` in a file of the copy. */
  edit(file: string, from: string, to: string): void {
    const text = this.read(file);
    if (text.split(from).length !== 2) throw new Error(`${file} does not contain ${JSON.stringify(from)} exactly once`);
    writeFileSync(join(this.root, file), text.replace(from, to));
  }

  /** `npm <script> -- args` in the copy, without npm's own start-up: tsx on src/cli/main.ts. */
  cli(args: readonly string[], options: { timeoutMs?: number } = {}) {
    const tsx = join(this.root, "node_modules", ".bin", "tsx");
    return spawnSync(tsx, ["src/cli/main.ts", ...args], {
      cwd: this.root,
      encoding: "utf8",
      timeout: options.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
  }
}

/** A long-running CLI command of a project copy (e.g. `dev`), with its output so far. */
export class RunningCommand {
  private text = "";
  private readonly exited: Promise<number | null>;

  constructor(project: ProjectCopy, args: readonly string[]) {
    // Its own process group, so that stop() ends the Python runner and its JVM too, whatever tsx relays.
    const child = spawn(join(project.root, "node_modules", ".bin", "tsx"), ["src/cli/main.ts", ...args], {
      cwd: project.root,
      detached: true,
    });
    child.stdout.on("data", (chunk: Buffer) => (this.text += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (this.text += chunk.toString("utf8")));
    this.exited = new Promise((resolveExit) => child.on("exit", (code) => resolveExit(code)));
    this.stop = () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      return this.exited;
    };
  }

  readonly stop: () => Promise<number | null>;

  get output(): string {
    return this.text;
  }

  /** Resolves when the output after `from` (a length of the output) matches `pattern`. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 600_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tail = this.text.slice(from);
      if (pattern.test(tail)) return tail;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}; output so far:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
