/**
 * Encryption for what Glue writes: the Glue security configuration every job and crawler uses.
 * - S3 output: SSE-S3, or SSE-KMS with the configured key (`stedi:kmsKeyArn`).
 * - CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) can only use a KMS key, so when none is
 *   configured the stack creates one, with rotation on, that only this account and CloudWatch Logs
 *   (for Glue's log groups) may use. See docs/decisions/infra-encryption-keys.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext, LakehouseInputs } from "./context";
import { stackPrefix } from "./naming";

export interface LakeSecurityArgs extends LakehouseInputs {
  readonly aws: AwsContext;
}

/** The created key's policy: the account administers it (through IAM), CloudWatch Logs uses it for Glue's log groups. */
export function stackKeyPolicy(t: { partition: string; accountId: string; region: string }): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:${t.partition}:iam::${t.accountId}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "CloudWatchLogsEncryptsGlueLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${t.region}.amazonaws.com` },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:/aws-glue/*` } },
      },
    ],
  });
}

export class LakeSecurity extends pulumi.ComponentResource {
  /** The key for logs and bookmarks (and S3 when configured): the configured one or the stack's own. */
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly securityConfigurationName: pulumi.Output<string>;

  constructor(name: string, args: LakeSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:LakeSecurity", name, {}, opts);
    const prefix = stackPrefix(args.pipeline);
    const configuredKey = args.config.kmsKeyArn;

    if (configuredKey !== undefined) {
      this.kmsKeyArn = pulumi.output(configuredKey);
    } else {
      const key = new aws.kms.Key(
        `${prefix}-glue`,
        {
          description: `Encrypts Glue logs and job bookmarks of ${prefix}.`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: pulumi.all([args.aws.partition, args.aws.accountId]).apply(([partition, accountId]) => stackKeyPolicy({ partition, accountId, region: args.config.region })),
        },
        { parent: this },
      );
      new aws.kms.Alias(`${prefix}-glue`, { name: `alias/${prefix}-glue`, targetKeyId: key.keyId }, { parent: this });
      this.kmsKeyArn = key.arn;
    }

    // Auto-named: a security configuration cannot be updated in place, so changes create a new one first.
    const securityConfiguration = new aws.glue.SecurityConfiguration(
      prefix,
      {
        encryptionConfiguration: {
          s3Encryption: configuredKey !== undefined ? { s3EncryptionMode: "SSE-KMS", kmsKeyArn: configuredKey } : { s3EncryptionMode: "SSE-S3" },
          cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: this.kmsKeyArn },
          jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: this.kmsKeyArn },
        },
      },
      { parent: this },
    );
    this.securityConfigurationName = securityConfiguration.name;

    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, securityConfigurationName: this.securityConfigurationName });
  }
}
