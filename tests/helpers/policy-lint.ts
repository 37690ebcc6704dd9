/**
 * IAM policy lint for tests: parliament (PyPI, pinned in tests/requirements.txt) over policy documents.
 * It catches what a hand-written policy gets wrong and AWS only reports at deploy time, or never:
 * unknown actions, condition keys an action does not support, resource ARNs of the wrong type,
 * Resource "*" where the action can be scoped. The venv and the install are the project's (.venv,
 * stamped per requirements file), so the first call installs parliament and later ones reuse it.
 * tests/python/policy_lint.py says which two parliament gaps (trust policies, IAM OIDC providers) it adjusts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensurePythonEnv, repoRoot } from "../../src/cli/python-env";

export interface PolicyDocumentToLint {
  /** Names the policy in findings, e.g. "bootstrap deploy role dev: permissions". */
  readonly name: string;
  /**
   * identity: attached to a role/user; resource: e.g. a bucket policy (has Principal); trust: a role's assume-role
   * policy.
   */
  readonly kind: "identity" | "resource" | "trust";
  readonly document: object;
}

export interface PolicyFinding {
  readonly name: string;
  /** parliament's finding code, e.g. UNKNOWN_ACTION, RESOURCE_MISMATCH, RESOURCE_STAR. */
  readonly issue: string;
  readonly severity: string;
  readonly title: string;
  readonly detail: string;
}

/** Every finding parliament reports for the documents (empty when they are lint-clean). */
export async function lintPolicies(docs: readonly PolicyDocumentToLint[]): Promise<PolicyFinding[]> {
  const root = repoRoot();
  const { python, env } = ensurePythonEnv(root, (line) => console.log(`      ${line}`), ["tests/requirements.txt"]);
  const result = spawnSync(python, [join(root, "tests", "python", "policy_lint.py")], {
    input: JSON.stringify(docs),
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`policy lint failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as PolicyFinding[];
}

/** One line per finding, for assertion messages. */
export const describeFindings = (findings: readonly PolicyFinding[]): string =>
  findings.map((f) => `${f.name}: ${f.issue} (${f.severity}) ${f.title} ${f.detail}`).join("\n");
