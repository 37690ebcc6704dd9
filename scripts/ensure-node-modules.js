#!/usr/bin/env node
// Installs node modules when they are missing or differ from package-lock.json, so a fresh clone (or a pull
// that changed dependencies) works with one command. scripts/launch.js calls it before every npm script;
// `node scripts/ensure-node-modules.js --dry-run` only says what it would do.
// Plain Node with no dependencies, because it runs before any are installed.
//
// The test is content, not age: npm writes node_modules/.package-lock.json, the list of what it installed, at
// every install. A node_modules copied with a clone, or a lock file touched by a checkout, has the same content,
// so nothing is installed; a pull that changed one package's version is. The comparison parses both lock files
// (~30 ms, before every npm script and again in each nested one), so a match is remembered as a digest of the two
// files' bytes in .lakehouse/node-modules-checked: while neither file changes, the next run only hashes them.
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

/** JSON with object keys sorted, so two entries npm wrote in a different key order still compare equal. */
const canonical = (value) =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : value !== null && typeof value === "object"
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
          .join(",")}}`
      : JSON.stringify(value);

const readPackages = (file) => JSON.parse(readFileSync(file, "utf8")).packages ?? {};

/**
 * Why node_modules does not hold what package-lock.json locks, or undefined when it does. npm leaves out of
 * node_modules the optional packages of other platforms (esbuild's 25 other binaries), so a locked package
 * may be missing only when it is optional.
 */
function staleness(root) {
  const installedLock = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(join(root, "node_modules"))) return "node_modules is missing";
  if (!existsSync(installedLock))
    return "node_modules has no .package-lock.json (it was not installed by npm 7 or later)";
  const locked = readPackages(join(root, "package-lock.json"));
  const installed = readPackages(installedLock);
  const differ = [];
  for (const [path, entry] of Object.entries(installed)) {
    if (!(path in locked)) differ.push(`${path} is installed but no longer locked`);
    else if (canonical(entry) !== canonical(locked[path]))
      differ.push(
        `${path} is ${entry.version ?? "installed"}, package-lock.json locks ${locked[path].version ?? "another"}`,
      );
  }
  for (const [path, entry] of Object.entries(locked))
    if (path !== "" && !(path in installed) && !entry.optional && !entry.devOptional)
      differ.push(`${path}${entry.version ? ` ${entry.version}` : ""} is locked but not installed`);
  if (differ.length === 0) return undefined;
  const shown = differ.slice(0, 3).join("; ");
  return `node_modules differs from package-lock.json: ${shown}${differ.length > 3 ? ` (and ${differ.length - 3} more)` : ""}`;
}

const checkedFile = (root) => join(root, ".lakehouse", "node-modules-checked");

/** sha256 of package-lock.json and node_modules/.package-lock.json, or undefined when either is not there. */
function locksDigest(root) {
  try {
    const hash = createHash("sha256").update(readFileSync(join(root, "package-lock.json")));
    return hash
      .update("\0")
      .update(readFileSync(join(root, "node_modules", ".package-lock.json")))
      .digest("hex");
  } catch {
    return undefined;
  }
}

const readChecked = (root) => {
  try {
    return readFileSync(checkedFile(root), "utf8").trim();
  } catch {
    return undefined;
  }
};

/**
 * What to do about node_modules: nothing, `npm ci` (`npm install` without a lock file), or refuse. A
 * node_modules that is a link (a second work tree sharing the first one's packages) is never reinstalled from
 * here: `npm ci` would empty the other checkout's node_modules. `digest` (with "none" after a full comparison)
 * is what ensureNodeModules records, so that the next run with the same two files skips the comparison.
 */
function installPlan(root) {
  if (!existsSync(join(root, "package-lock.json")))
    return { action: "install", command: "install", reason: "there is no package-lock.json" };
  const digest = locksDigest(root);
  if (digest !== undefined && readChecked(root) === digest) return { action: "none" };
  const reason = staleness(root);
  if (reason === undefined) return { action: "none", digest };
  const modules = join(root, "node_modules");
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    const target = realpathSync(modules);
    return {
      action: "refuse",
      reason:
        `${reason}.\nnode_modules is a link to ${target}, shared with another checkout, so it is not reinstalled ` +
        `from here: run \`npm ci\` in ${resolve(target, "..")}, or replace the link with a folder of its own.`,
    };
  }
  return { action: "install", command: "ci", reason };
}

/** Brings node_modules in line with package-lock.json; returns the exit status (0: nothing to do or done). */
function ensureNodeModules(root, env = process.env) {
  const plan = installPlan(root);
  if (plan.action === "none") {
    if (plan.digest !== undefined)
      try {
        mkdirSync(join(root, ".lakehouse"), { recursive: true });
        writeFileSync(checkedFile(root), `${plan.digest}\n`);
      } catch {
        // A checkout that cannot be written to compares in full every time.
      }
    return 0;
  }
  if (plan.action === "refuse") {
    console.error(plan.reason);
    return 2;
  }
  console.error(`${plan.reason}: running npm ${plan.command} …`);
  const result = runNpm([plan.command, "--no-audit", "--no-fund"], { cwd: root, env });
  if (result.error) console.error(`Could not run npm ${plan.command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Runs npm to its end. Its stdout goes to stderr, so that `npm run graph > file` holds only what graph prints. */
function runNpm(args, options = {}) {
  const win = process.platform === "win32";
  return spawnSync(win ? "npm.cmd" : "npm", args, { stdio: ["inherit", 2, 2], shell: win, ...options });
}

module.exports = { installPlan, ensureNodeModules, runNpm };

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--dry-run");
  if (unknown.length > 0) {
    console.error(
      `ensure-node-modules: unknown argument ${unknown.join(" ")}. Usage: ensure-node-modules.js [--dry-run]`,
    );
    process.exit(2);
  }
  const root = resolve(__dirname, "..");
  if (!args.includes("--dry-run")) process.exit(ensureNodeModules(root));
  // The dry run's exit status says whether anything would change: 0 nothing, 1 an install, 2 a refusal.
  const plan = installPlan(root);
  if (plan.action === "none") console.log("node_modules matches package-lock.json: nothing to install");
  else if (plan.action === "install") console.log(`would run npm ${plan.command}: ${plan.reason}`);
  else console.log(`would refuse: ${plan.reason}`);
  process.exit({ none: 0, install: 1, refuse: 2 }[plan.action]);
}
