#!/usr/bin/env node
// Every npm script runs through this launcher: `node scripts/launch.js COMMAND [ARGS...]`, or
// `node scripts/launch.js --shell "A && B" [ARGS...]` for a script that chains commands (ARGS go to the last).
// 1. Node: this machine's node when it satisfies package.json's engines; otherwise the exact version in
//    .node-version, installed once from the npm registry (the `node-<platform>-<arch>` package the `node`
//    package itself installs) into .lakehouse/node/.
// 2. node_modules: scripts/ensure-node-modules.js, run with that Node.
// 3. The command, with that Node first on PATH, its stdio, arguments, exit status and signals passed through.
// Plain Node with no dependencies, because it runs before any are installed and on an older Node (20).
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync } = require("node:fs");
const { delimiter, dirname, join, relative, resolve } = require("node:path");
const { ensureNodeModules, runNpm } = require("./ensure-node-modules.js");

const root = resolve(__dirname, "..");
const win = process.platform === "win32";

/** A problem the launcher explains and exits 2 on; thrown so that the spec can call these functions. */
class LaunchError extends Error {}
const fail = (message) => {
  throw new LaunchError(message);
};

const parseVersion = (text) => text.replace(/^v/, "").split(".").map(Number);
const atLeast = (version, floor) => {
  const [a, b] = [parseVersion(version), parseVersion(floor)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** The oldest Node the project runs on: package.json's `engines.node`, which must read `>=X.Y[.Z]`. */
function engineFloor(projectRoot) {
  const range = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).engines?.node ?? "";
  const floor = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!floor) fail(`package.json's engines.node is ${JSON.stringify(range)}; the launcher reads only ">=X.Y.Z".`);
  return floor[1];
}

/** The exact Node version to install when this machine's is older: .node-version (setup-node reads it too). */
function pinnedVersion(projectRoot) {
  const file = join(projectRoot, ".node-version");
  const text = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (!/^\d+\.\d+\.\d+$/.test(text))
    fail(`.node-version must hold one exact Node version such as 22.23.3; it holds ${JSON.stringify(text)}.`);
  return text;
}

/** The npm package holding Node's binary for this machine, named as the `node` package's installer names it. */
function nodePackage(platform = process.platform, arch = process.arch) {
  const os = platform === "win32" ? "win" : platform;
  const cpu = os === "win" && arch === "ia32" ? "x86" : arch;
  return `${platform === "darwin" && arch === "arm64" ? "node-bin" : "node"}-${os}-${cpu}`;
}

/**
 * The folder holding `node` of the pinned version, installed into .lakehouse/node/ on first use. It is
 * installed into a temporary folder and renamed only once its `node --version` answers, so an interrupted
 * download is never mistaken for an installed Node, and two launchers at once do not see each other's half.
 */
function provisionNode(projectRoot, version) {
  const pkg = nodePackage();
  const cache = join(projectRoot, ".lakehouse", "node");
  const home = join(cache, `${version}-${process.platform}-${process.arch}`);
  const binOf = (dir) => join(dir, "node_modules", pkg, "bin");
  const exe = (dir) => join(binOf(dir), win ? "node.exe" : "node");
  if (existsSync(exe(home))) return { bin: binOf(home), home, fresh: false };
  console.error(
    `launch: installing Node ${version} (${pkg}@${version}) from the npm registry into ${relative(projectRoot, home)} …`,
  );
  const tmp = join(cache, `.installing-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const npmArgs = ["install", `${pkg}@${version}`, "--prefix", tmp, "--global=false", "--no-save", "--no-package-lock"];
  npmArgs.push("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
  const installed = runNpm(npmArgs, { stdio: ["ignore", 2, 2] });
  const answer = existsSync(exe(tmp)) ? spawnSync(exe(tmp), ["--version"], { encoding: "utf8" }).stdout : undefined;
  if (installed.status !== 0 || answer?.trim() !== `v${version}`) {
    rmSync(tmp, { recursive: true, force: true });
    fail(
      `could not install Node ${version} from the npm registry (npm install ${pkg}@${version} ` +
        `${installed.error ? `failed: ${installed.error.message}` : `exited ${installed.status}`}` +
        `${answer !== undefined ? `, and its node answered ${JSON.stringify(answer.trim())}` : ""}). ` +
        `Install Node ${engineFloor(projectRoot)} or later yourself (https://nodejs.org), or check the registry ` +
        `serves ${pkg}@${version} (\`npm view ${pkg}@${version} version\`).`,
    );
  }
  try {
    renameSync(tmp, home);
  } catch (error) {
    // Another launcher finished first; its copy is the same version.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(exe(home))) fail(`could not move Node ${version} into ${home}: ${error.message}`);
  }
  return { bin: binOf(home), home, fresh: true };
}

/** The Node every command runs on, and the line that says which one it is. */
function chooseNode(projectRoot) {
  const floor = engineFloor(projectRoot);
  const own = process.versions.node;
  if (atLeast(own, floor)) return { bin: dirname(process.execPath), line: `Node ${own} (${process.execPath})` };
  const version = pinnedVersion(projectRoot);
  if (!atLeast(version, floor))
    fail(`.node-version pins Node ${version}, older than package.json's engines (>=${floor}).`);
  const { bin, home, fresh } = provisionNode(projectRoot, version);
  const source = `${fresh ? "just installed" : "installed"} from the npm registry into ${relative(projectRoot, home)}`;
  return { bin, line: `Node ${version}, ${source} (this machine's Node ${own} is older than ${floor})` };
}

/** One POSIX-shell word (or, on Windows, one cmd word) for an argument appended to a --shell command. */
const quote = (arg) => (win ? `"${arg.replace(/"/g, '""')}"` : `'${arg.replace(/'/g, "'\\''")}'`);

function main(argv) {
  const shell = argv[0] === "--shell";
  const [command, ...args] = shell ? argv.slice(1) : argv;
  if (command === undefined) fail('usage: node scripts/launch.js COMMAND [ARGS...] | --shell "A && B" [ARGS...]');

  const node = chooseNode(root);
  const nodePath = join(node.bin, win ? "node.exe" : "node");
  // A launcher started by another launcher (npm test runs npm run lint) says nothing more.
  if (process.env.LAKEHOUSE_NODE !== nodePath) console.error(`launch: ${node.line}`);

  const pathKey = Object.keys(process.env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  const env = {
    ...process.env,
    [pathKey]: [node.bin, join(root, "node_modules", ".bin"), process.env[pathKey]].filter(Boolean).join(delimiter),
    // npm sets both to the Node that runs npm; tools that start Node through them must get this one.
    NODE: nodePath,
    npm_node_execpath: nodePath,
    LAKEHOUSE_NODE: nodePath,
  };

  const installed = ensureNodeModules(root, env);
  if (installed !== 0) process.exit(installed);

  const child = shell
    ? spawn([command, ...args.map(quote)].join(" "), { stdio: "inherit", env, shell: true })
    : spawn(command, args, { stdio: "inherit", env, shell: win });
  // As npm does for its scripts: a signal to the launcher (a CI runner's SIGTERM) reaches the command too.
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  child.on("error", (error) => {
    const hint = error.code === "ENOENT" ? ` (not found on PATH; is it a bin of a package in package.json?)` : "";
    console.error(`launch: could not run ${command}: ${error.message}${hint}`);
    process.exit(2);
  });
  child.on("exit", (code, signal) => {
    for (const s of forwarded) process.off(s, forward);
    // Ending by the same signal gives npm and the shell the status they would have seen without the launcher.
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

module.exports = { LaunchError, atLeast, nodePackage, provisionNode };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof LaunchError)) throw error;
    console.error(`launch: ${error.message}`);
    process.exit(2);
  }
}
