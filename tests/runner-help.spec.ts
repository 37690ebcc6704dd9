/** `npm start -- --help` lists every option a run accepts: the runner's own, and those `npm start` takes first. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { NPM_START_OPTIONS, runnerInvocation } from "../src/cli/run";
import { repoRoot } from "./local-run-support";

/** Every option string of the runner's parser whose help is not suppressed (a removed option such as --privacy). */
const PARSER_OPTIONS = `
import argparse, json
from lakehouse.run import build_parser
print(json.dumps([o for a in build_parser()._actions if a.help != argparse.SUPPRESS for o in a.option_strings]))
`;

describe("npm start -- --help", function () {
  const invocation = runnerInvocation([], repoRoot);
  const python = (args: string[]) =>
    spawnSync(invocation.command, args, { cwd: invocation.cwd, env: invocation.env, encoding: "utf8" });

  it("lists every option the runner's parser accepts and every option npm start takes first", () => {
    const help = python(["-m", "lakehouse.run", "--help"]);
    expect(help.status, help.stderr).to.equal(0);
    const parsed = python(["-c", PARSER_OPTIONS]);
    expect(parsed.status, parsed.stderr).to.equal(0);
    const accepted = [...(JSON.parse(parsed.stdout) as string[]), ...NPM_START_OPTIONS];
    expect(accepted).to.include.members(["--landing", "--stack", "--jobs", "--table-format"]);
    const listed = new Set(help.stdout.match(/--[a-z][a-z-]*/g) ?? []);
    expect(accepted.filter((option) => option.startsWith("--") && !listed.has(option))).to.deep.equal([]);
  });

  it("refuses --table-format given to the runner directly, saying that npm start takes it", () => {
    const run = python(["-m", "lakehouse.run", "--table-format", "iceberg"]);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include("npm start -- --table-format FORMAT");
  });
});
