/**
 * IAM at scale: with one role per job, the inline-policy limit (10,240 characters per role) applies per
 * job. For a synthetic pipeline of `jobs` jobs, the roles the program creates and the largest role's size,
 * in the worst case the size guard assumes (63-character bucket names, the longest partition and region).
 * Pure and deterministic: a figure, not a timing. tests/iam-size.spec.ts asserts the same pipeline passes.
 *
 *   npx tsx bench/iam-at-scale.ts 200
 */
import { assertRolePoliciesFit, ROLE_INLINE_POLICY_LIMIT } from "../infra/role-policies";
import { assertValid } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { syntheticPipeline } from "./synthetic-pipeline";

export function iamAtScale(jobs: number): string[] {
  const pipeline = renderPipeline(assertValid(syntheticPipeline(jobs)), {
    stack: "dev",
    database: "sales_dev",
    options: {},
  });
  const sizes = assertRolePoliciesFit(pipeline);
  const f0 = (n: number) => n.toLocaleString("en-US");
  const sorted = sizes.roles.map((r) => r.chars).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return [
    `IAM at ${f0(jobs)} synthetic jobs (\`npx tsx bench/iam-at-scale.ts ${jobs}\`, worst case: 63-character bucket names, partition \`aws-us-gov\`): ` +
      `${f0(sizes.roles.length)} roles (one per job, and the crawler's), every one inside AWS's limit of ${f0(ROLE_INLINE_POLICY_LIMIT)} characters of inline policy per role: ` +
      `largest ${f0(sizes.largest.chars)} (\`${sizes.largest.role}\`), median ${f0(median)}. One shared role tripped the size guard at 21 jobs.`,
    "",
  ];
}

if (require.main === module) console.log(iamAtScale(Number(process.argv[2] ?? 200)).join("\n"));
