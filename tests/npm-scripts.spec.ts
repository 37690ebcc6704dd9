/**
 * What every npm script provisions before it runs: Node 22 (scripts/launch.js installs the version .node-version
 * pins when the machine's Node is older) and node modules (scripts/ensure-node-modules.js, by the lock file's
 * content). Real processes throughout: the launcher, npm, and one fresh copy of the project without node_modules.
 */
import { expect } from "chai";
import { spawn, spawnSync, SpawnSyncReturns } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { repoRoot } from "./local-run-support";
import { ProjectCopy } from "./project-copy";

const LAUNCHER = "node scripts/launch.js ";
const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const pinned = readFileSync(join(repoRoot, ".node-version"), "utf8").trim();
const floor = /^>=(\d+\.\d+(?:\.\d+)?)$/.exec(packageJson.engines.node)?.[1];
const versionParts = (v: string) => v.replace(/^v/, "").split(".").map(Number);
const atLeast = (version: string, min: string) => {
  const [a, b] = [versionParts(version), versionParts(min)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};
/**
 * The environment a user's shell gives the launcher. Under `npm test` this spec is itself a launcher's child: the
 * launcher's Node comes off the front of PATH again, so that the machine's own Node (older, here) is what runs.
 */
const plainEnv = () => {
  const env = { ...process.env };
  const launched = env.LAKEHOUSE_NODE;
  delete env.LAKEHOUSE_NODE;
  const path = (env.PATH ?? "").split(delimiter);
  if (launched !== undefined && path[0] === dirname(launched)) env.PATH = path.slice(1).join(delimiter);
  return env;
};
const machineNode = spawnSync("node", ["--version"], { env: plainEnv(), encoding: "utf8" }).stdout.trim();
const launch = (args: readonly string[], cwd = repoRoot): SpawnSyncReturns<string> =>
  spawnSync("node", ["scripts/launch.js", ...args], { cwd, env: plainEnv(), encoding: "utf8", timeout: 300_000 });

describe("npm scripts", function () {
  it("all go through scripts/launch.js, with no pre- or post-hook around it, and launch commands that exist", function () {
    const scripts = Object.entries(packageJson.scripts);
    expect(scripts.length).to.be.at.least(10);
    expect(
      scripts.filter(([, command]) => !command.startsWith(LAUNCHER)).map(([name]) => name),
      "scripts that do not start with `node scripts/launch.js`",
    ).to.deep.equal([]);
    expect(Object.keys(packageJson.scripts).filter((name) => /^(pre|post)/.test(name))).to.deep.equal([]);
    for (const [name, command] of scripts) {
      const rest = command.slice(LAUNCHER.length);
      const shell = /^--shell "([^"]+)"$/.exec(rest);
      const steps = shell ? shell[1]!.split("&&") : [rest];
      for (const step of steps) {
        const program = step.trim().split(/\s+/)[0]!;
        const found = program === "npm" || existsSync(join(repoRoot, "node_modules", ".bin", program));
        expect(found, `${name}: ${program} is neither npm nor a bin of node_modules`).to.equal(true);
      }
    }
  });

  it("need Node 22: engines and .node-version agree, and both cover @pulumi/pulumi's own requirement", function () {
    expect(floor, `package.json engines.node ${packageJson.engines.node} must read ">=X.Y[.Z]"`).to.be.a("string");
    expect(pinned).to.match(/^22\.\d+\.\d+$/);
    expect(atLeast(pinned, floor!), `.node-version ${pinned} must satisfy engines >=${floor}`).to.equal(true);
    const pulumi = JSON.parse(readFileSync(join(repoRoot, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
      engines: { node: string };
    };
    const pulumiFloor = /^>=\s*(\d+(?:\.\d+)*)$/.exec(pulumi.engines.node)?.[1];
    expect(pulumiFloor, `@pulumi/pulumi engines ${pulumi.engines.node}`).to.be.a("string");
    expect(atLeast(floor!, pulumiFloor!), `engines >=${floor} must cover @pulumi/pulumi's >=${pulumiFloor}`).to.equal(
      true,
    );
    const types = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).devDependencies["@types/node"];
    expect(types).to.match(/^~22\./);
  });
});

describe("scripts/launch.js", function () {
  const systemIsOld = !atLeast(machineNode, floor!);
  const expectedNode = systemIsOld ? `v${pinned}` : machineNode;

  it("runs the command on Node 22 (the pinned one when this machine's is older) and says which", function () {
    const run = launch(["node", "-p", "process.version + ' ' + process.env.NODE"]);
    expect(run.status, run.stderr).to.equal(0);
    const [version, nodeEnv] = run.stdout.trim().split(" ");
    expect(version).to.equal(expectedNode);
    expect(atLeast(version!, floor!)).to.equal(true);
    // Tools that start Node through $NODE (as npm sets it) get the same one.
    expect(spawnSync(nodeEnv!, ["--version"], { encoding: "utf8" }).stdout.trim()).to.equal(expectedNode);
    expect(run.stderr).to.match(new RegExp(`^launch: Node ${expectedNode.slice(1).replace(/\./g, "\\.")}[ ,]`, "m"));
    if (systemIsOld)
      expect(run.stderr).to.include(`this machine's Node ${machineNode.slice(1)} is older than ${floor}`);
  });

  it("forwards arguments verbatim, and with --shell appends them, quoted, to the last command", function () {
    const print = "console.log(JSON.stringify(process.argv.slice(1)))";
    const odd = ["it's", "a b", "$HOME", '"q"', "--flag=x y"];
    const direct = launch(["node", "-e", print, "--", ...odd]);
    expect(direct.status, direct.stderr).to.equal(0);
    expect(JSON.parse(direct.stdout)).to.deep.equal(odd);
    const chained = launch(["--shell", `node -e 'process.exit(0)' && node -e '${print}' --`, ...odd]);
    expect(chained.status, chained.stderr).to.equal(0);
    expect(JSON.parse(chained.stdout)).to.deep.equal(odd);
    const stopped = launch(["--shell", `node -e 'process.exit(4)' && node -e '${print}'`, "never"]);
    expect(stopped.status).to.equal(4);
    expect(stopped.stdout).to.equal("");
  });

  it("passes the command's exit status and ending signal through", function () {
    expect(launch(["node", "-e", "process.exit(7)"]).status).to.equal(7);
    const killed = launch(["node", "-e", "process.kill(process.pid, 'SIGTERM')"]);
    expect(killed.status).to.equal(null);
    expect(killed.signal).to.equal("SIGTERM");
  });

  it("forwards a SIGTERM sent to the launcher alone to the command", async function () {
    const child = spawn(
      "node",
      [
        "scripts/launch.js",
        "node",
        "-e",
        "process.on('SIGTERM', () => { console.log('command got SIGTERM'); process.exit(3); }); " +
          "console.log('ready'); setInterval(() => {}, 1000);",
      ],
      { cwd: repoRoot, env: plainEnv() },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
    const deadline = Date.now() + 120_000;
    while (!out.includes("ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).to.include("ready");
    child.kill("SIGTERM");
    expect(await exited).to.equal(3);
    expect(out).to.include("command got SIGTERM");
  });

  it("says once which Node it uses, even when a script launches another (npm test runs npm run lint)", function () {
    const nested = launch(["node", "scripts/launch.js", "node", "-e", "0"]);
    expect(nested.status, nested.stderr).to.equal(0);
    expect(nested.stderr.match(/^launch: Node /gm)).to.have.length(1);
  });

  it("names a command that is not there, and exits 2", function () {
    const run = launch(["no-such-command-here"]);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include("launch: could not run no-such-command-here").and.include("not found on PATH");
  });

  it("installs a pinned Node from the npm registry once, and refuses a version the registry does not serve", function () {
    const dir = mkdtempSync(join(tmpdir(), "launch-node-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ engines: packageJson.engines }));
      const provision = (version: string) =>
        spawnSync(
          "node",
          [
            "-e",
            "const r = require(process.argv[1]).provisionNode(process.argv[2], process.argv[3]); console.log(JSON.stringify(r))",
            join(repoRoot, "scripts", "launch.js"),
            dir,
            version,
          ],
          { encoding: "utf8", timeout: 300_000 },
        );
      // A download cut short leaves a folder the next install clears, never one taken for Node.
      mkdirSync(join(dir, ".lakehouse", "node", ".installing-1"), { recursive: true });
      const first = provision(pinned);
      expect(first.status, first.stderr).to.equal(0);
      const installed = JSON.parse(first.stdout) as { bin: string; fresh: boolean };
      expect(installed.fresh).to.equal(true);
      expect(installed.bin.startsWith(join(dir, ".lakehouse", "node", `${pinned}-`))).to.equal(true);
      const node = join(installed.bin, process.platform === "win32" ? "node.exe" : "node");
      expect(spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()).to.equal(`v${pinned}`);
      const again = provision(pinned);
      expect(JSON.parse(again.stdout)).to.deep.include({ bin: installed.bin, fresh: false });
      expect(again.stderr).to.equal("");

      const missing = provision("22.0.99");
      expect(missing.status).to.not.equal(0);
      expect(missing.stderr)
        .to.include("could not install Node 22.0.99 from the npm registry")
        .and.include(`Install Node ${floor} or later yourself`);
      expect(existsSync(join(dir, ".lakehouse", "node", `22.0.99-${process.platform}-${process.arch}`))).to.equal(
        false,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scripts/ensure-node-modules.js compares node_modules with package-lock.json by content", function () {
  let dir: string;
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; optional?: boolean; devOptional?: boolean }>;
  };
  /** What npm writes into node_modules after installing that lock: every package but the root and optional ones. */
  const installedLock = () => ({
    ...lock,
    packages: Object.fromEntries(
      Object.entries(lock.packages).filter(([path, e]) => path !== "" && !e.optional && !e.devOptional),
    ),
  });
  const hidden = () => join(dir, "node_modules", ".package-lock.json");
  const dryRun = () =>
    spawnSync("node", [join(dir, "scripts", "ensure-node-modules.js"), "--dry-run"], { encoding: "utf8" });
  const setAge = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, when, when);
  };

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "ensure-node-modules-"));
    mkdirSync(join(dir, "scripts"));
    mkdirSync(join(dir, "node_modules"));
    copyFileSync(join(repoRoot, "scripts", "ensure-node-modules.js"), join(dir, "scripts", "ensure-node-modules.js"));
    copyFileSync(join(repoRoot, "package-lock.json"), join(dir, "package-lock.json"));
    writeFileSync(hidden(), JSON.stringify(installedLock(), null, 2));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("installs nothing when the content matches, even with the lock file newer (a clone next to a copied node_modules)", function () {
    setAge(hidden(), 3600);
    setAge(join(dir, "package-lock.json"), 0);
    const run = dryRun();
    expect(run.stdout).to.include("node_modules matches package-lock.json: nothing to install");
    expect(run.status).to.equal(0);
  });

  it("runs npm ci when a locked version changed, even with node_modules newer than the lock file", function () {
    const changed = structuredClone(lock);
    changed.packages["node_modules/yaml"]!.version = "0.0.1";
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(changed, null, 2));
    setAge(join(dir, "package-lock.json"), 3600);
    setAge(hidden(), 0);
    const run = dryRun();
    expect(run.stdout).to.include("would run npm ci").and.include("node_modules/yaml is").and.include("locks 0.0.1");
    expect(run.status).to.equal(1);
  });

  it("runs npm ci when a locked package is not installed, and accepts other platforms' optional packages missing", function () {
    const optionalMissing = Object.entries(lock.packages).filter(([, e]) => e.optional || e.devOptional);
    expect(optionalMissing.length, "esbuild's other platforms are optional and not installed").to.be.greaterThan(0);
    const partial = installedLock();
    delete (partial.packages as Record<string, unknown>)["node_modules/handlebars"];
    writeFileSync(hidden(), JSON.stringify(partial));
    const run = dryRun();
    expect(run.stdout).to.include("would run npm ci").and.include("node_modules/handlebars");
    expect(run.stdout).to.include("is locked but not installed");
  });

  it("runs npm ci without node_modules, and npm install without a lock file", function () {
    rmSync(join(dir, "node_modules"), { recursive: true });
    expect(dryRun().stdout).to.include("would run npm ci: node_modules is missing");
    rmSync(join(dir, "package-lock.json"));
    expect(dryRun().stdout).to.include("would run npm install: there is no package-lock.json");
  });

  it("refuses to reinstall a node_modules that is a link to another checkout's, and says where to run npm ci", function () {
    const other = mkdtempSync(join(tmpdir(), "other-checkout-"));
    try {
      mkdirSync(join(other, "node_modules"));
      const stale = installedLock();
      stale.packages["node_modules/yaml"] = { ...stale.packages["node_modules/yaml"], version: "0.0.1" };
      writeFileSync(join(other, "node_modules", ".package-lock.json"), JSON.stringify(stale));
      rmSync(join(dir, "node_modules"), { recursive: true });
      symlinkSync(join(other, "node_modules"), join(dir, "node_modules"), "dir");
      const run = dryRun();
      expect(run.status).to.equal(2);
      expect(run.stdout).to.include("would refuse").and.include("node_modules/yaml");
      expect(run.stdout).to.include(`run \`npm ci\` in ${other}`);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("a fresh copy of the project, without node_modules", function () {
  it("npm run render -- --check installs node modules, on Node 22, then passes", function () {
    const dir = mkdtempSync(join(tmpdir(), "fresh-clone-"));
    try {
      // .venv stays linked: render does not need it, and the Python set-up is local-run-setup.spec's.
      const copy = new ProjectCopy(dir, { linked: [".venv"] });
      // Node itself comes from this checkout's .lakehouse/node/ (the provisioning spec above installs one from
      // scratch): the copy's time goes to what only a fresh clone does, npm ci, not to a second 51 MB download.
      mkdirSync(join(repoRoot, ".lakehouse", "node"), { recursive: true });
      mkdirSync(join(copy.root, ".lakehouse"));
      symlinkSync(join(repoRoot, ".lakehouse", "node"), join(copy.root, ".lakehouse", "node"), "dir");
      const t0 = Date.now();
      const run = spawnSync("npm", ["run", "render", "--", "--check"], {
        cwd: copy.root,
        encoding: "utf8",
        // npm's download cache is this machine's (CI restores it keyed on the lock): no package is fetched twice.
        env: { ...plainEnv(), npm_config_prefer_offline: "true" },
        timeout: 600_000,
      });
      const seconds = (Date.now() - t0) / 1000;
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).to.equal(0);
      expect(output).to.include("node_modules is missing: running npm ci");
      const used = /^launch: Node (\d+\.\d+\.\d+)/m.exec(output)?.[1];
      expect(used, output).to.be.a("string");
      expect(atLeast(used!, floor!), `the copy ran on Node ${used}`).to.equal(true);
      expect(output).to.not.include("not found");
      expect(existsSync(join(copy.root, "node_modules", ".bin", "tsx"))).to.equal(true);
      console.log(`      fresh copy: npm run render -- --check took ${seconds.toFixed(0)} s`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
