/**
 * Checks that a customer KMS key (`lakehouse:kmsKeyArn`) lets CloudWatch Logs encrypt Glue's log groups;
 * without that, every job run fails to log. A deploy cannot read another key's policy without
 * kms:GetKeyPolicy on it, so this runs by hand, before `pulumi up`:
 *
 *   aws kms get-key-policy --key-id <arn> --policy-name default --output text \
 *     | npx tsx scripts/check-key-policy.ts <region> <account id> [partition]
 */
import { readFileSync } from "node:fs";
import { logsKeyProblems } from "../infra/key-policy";

const [region, accountId, partition = "aws"] = process.argv.slice(2);
if (!region || !accountId) {
  console.error(
    "Usage: aws kms get-key-policy … --output text | npx tsx scripts/check-key-policy.ts <region> <account id> [partition]",
  );
  process.exit(2);
}
const problems = logsKeyProblems(readFileSync(0, "utf8"), { region, accountId, partition });
if (problems.length) {
  console.error(
    `The key policy does not let CloudWatch Logs encrypt Glue's logs:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
  console.error(
    `Add the two statements CloudWatchLogsEncryptsGlueLogs and CloudWatchLogsDescribesKey of infra/key-policy.ts (stackKeyPolicy) to the key's policy.`,
  );
  process.exit(1);
}
console.log("OK: CloudWatch Logs may use this key for Glue's log groups.");
