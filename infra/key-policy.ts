/**
 * The stack key's policy, and the check that a key lets CloudWatch Logs encrypt Glue's log groups.
 * Pure: security.ts creates the key with `stackKeyPolicy`; `logsKeyProblems` checks any key policy
 * (the stack's own in the tests, a customer key given as `lakehouse:kmsKeyArn` through
 * scripts/check-key-policy.ts, since a deploy cannot read another key's policy without extra rights).
 *
 * CloudWatch Logs uses the key as the `logs.<region>.amazonaws.com` service principal: the data-key
 * actions carry the encryption context `aws:logs:arn` (the log group's ARN), DescribeKey carries none.
 * So they are two statements: one conditioned on the log group, one without a condition. The context
 * value is a string, so the condition uses StringLike (an ARN operator on a string key is what the
 * policy linter flags).
 */

/**
 * Glue's log groups: `/aws-glue/jobs/error`, `/aws-glue/jobs/output`, `/aws-glue/crawlers`, and the `-<role>-<security
 * configuration>` variants.
 */
export const GLUE_LOG_GROUPS = "/aws-glue/*";

/** What CloudWatch Logs calls with the key while writing an encrypted log group. */
export const LOGS_DATA_KEY_ACTIONS = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
] as const;

export interface KeyPolicyTarget {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

const logGroupArn = (t: KeyPolicyTarget, group: string) =>
  `arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:${group}`;

/**
 * The created key's policy: the account administers it (through IAM); CloudWatch Logs uses it for Glue's log groups.
 */
export function stackKeyPolicy(t: KeyPolicyTarget): string {
  const logs = { Service: `logs.${t.region}.amazonaws.com` };
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${t.partition}:iam::${t.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsGlueLogs",
        Effect: "Allow",
        Principal: logs,
        Action: [...LOGS_DATA_KEY_ACTIONS],
        Resource: "*",
        Condition: { StringLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(t, GLUE_LOG_GROUPS) } },
      },
      { Sid: "CloudWatchLogsDescribesKey", Effect: "Allow", Principal: logs, Action: "kms:DescribeKey", Resource: "*" },
    ],
  });
}

type Statement = {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

const list = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
/** IAM-style wildcard match, case-insensitive as IAM matches action names. */
const wildcard = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  ).test(value);

/**
 * Why CloudWatch Logs could not use a key with this policy for Glue's log groups in `t.region`; empty
 * when it can. Understands Allow statements for the logs service principal, with no condition or with
 * a StringLike/StringEquals/ArnLike/ArnEquals condition on `kms:EncryptionContext:aws:logs:arn`.
 */
export function logsKeyProblems(policy: string | { Statement: Statement | Statement[] }, t: KeyPolicyTarget): string[] {
  const doc = typeof policy === "string" ? (JSON.parse(policy) as { Statement: Statement | Statement[] }) : policy;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const service = `logs.${t.region}.amazonaws.com`;
  const glueGroup = logGroupArn(t, "/aws-glue/jobs/error");
  const forLogs = statements.filter((s) => {
    if (s.Effect !== "Allow" || typeof s.Principal !== "object" || s.Principal === null) return false;
    return list((s.Principal as { Service?: string | string[] }).Service).includes(service);
  });
  const allows = (action: string, needsContext: boolean) =>
    forLogs.some((s) => {
      if (!list(s.Action).some((a) => wildcard(a, action))) return false;
      const conditions = Object.entries(s.Condition ?? {});
      return conditions.every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => {
          if (key.toLowerCase() !== "kms:encryptioncontext:aws:logs:arn") return false;
          if (!needsContext) return false;
          const exact = /^(StringEquals|ArnEquals)$/.test(operator);
          return (
            /^(StringLike|StringEquals|ArnLike|ArnEquals)$/.test(operator) &&
            list(values).some((v) => (exact ? v === glueGroup : wildcard(v, glueGroup)))
          );
        }),
      );
    });
  const problems: string[] = [];
  for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]) {
    if (!allows(action, true)) problems.push(`${action} is not allowed to ${service} for the log group ${glueGroup}`);
  }
  if (!allows("kms:DescribeKey", false))
    problems.push(`kms:DescribeKey is not allowed to ${service} without a condition`);
  return problems;
}
