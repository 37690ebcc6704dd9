#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs node modules when they are missing or older than
// package-lock.json, so a fresh clone (or a pull that changed dependencies) works with one command.
// Plain Node with no dependencies, because it runs before any are installed.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, statSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = resolve(__dirname, "..");
const lockFile = join(root, "package-lock.json");
// npm rewrites this file on every install, so its age is the age of node_modules' contents.
const installedLock = join(root, "node_modules", ".package-lock.json");

const modifiedAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : undefined);
const installed = modifiedAt(installedLock);
const locked = modifiedAt(lockFile);
if (installed !== undefined && (locked === undefined || installed >= locked)) process.exit(0);

const command = locked === undefined ? "install" : "ci";
const reason = installed === undefined ? "node_modules is missing" : "package-lock.json is newer than node_modules";
console.log(`${reason}: running npm ${command} …`);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, [command, "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
if (result.error) console.error(`Could not run npm ${command}: ${result.error.message}`);
process.exit(result.status ?? 1);
