/**
 * Encryption for what Glue writes: the Glue security configuration every job and crawler uses.
 * - S3 output: SSE-S3, or SSE-KMS with the configured key (`lakehouse:kmsKeyArn`).
 * - CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) can only use a KMS key, so when none is
 *   configured the stack creates one, with rotation on, that only this account and CloudWatch Logs
 *   (for Glue's log groups) may use (key-policy.ts). A configured key must allow CloudWatch Logs the
 *   same way: scripts/check-key-policy.ts checks a key's policy. See docs/decisions/infra-encryption-keys.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InfraComponent } from "./component-type";
import type { AwsContext } from "./context";
import { stackKeyPolicy } from "./key-policy";
import { STACK_TAG_KEY } from "./naming";

export interface LakeSecurityArgs {
  readonly aws: AwsContext;
  readonly region: string;
  /** `lakehouse:kmsKeyArn`: use this key everywhere instead of creating one. */
  readonly kmsKeyArn?: string;
}

export class LakeSecurity extends InfraComponent {
  /** The key for logs and bookmarks (and S3 when configured): the configured one or the stack's own. */
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly securityConfigurationName: pulumi.Output<string>;

  constructor(name: string, args: LakeSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("LakeSecurity", name, opts);
    const configuredKey = args.kmsKeyArn;

    if (configuredKey !== undefined) {
      this.kmsKeyArn = pulumi.output(configuredKey);
    } else {
      const key = new aws.kms.Key(
        `${name}-glue`,
        {
          description: `Encrypts Glue logs and job bookmarks of ${name}.`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          // Sent inside CreateKey, so the deploy role's tag conditions hold from the key's first call.
          tags: { [STACK_TAG_KEY]: pulumi.getStack() },
          policy: pulumi
            .all([args.aws.partition, args.aws.accountId])
            .apply(([partition, accountId]) => stackKeyPolicy({ partition, accountId, region: args.region })),
        },
        { parent: this },
      );
      new aws.kms.Alias(`${name}-glue`, { name: `alias/${name}-glue`, targetKeyId: key.keyId }, { parent: this });
      this.kmsKeyArn = key.arn;
    }

    // Auto-named: a security configuration cannot be updated in place, so changes create a new one first.
    const securityConfiguration = new aws.glue.SecurityConfiguration(
      name,
      {
        encryptionConfiguration: {
          s3Encryption:
            configuredKey !== undefined
              ? { s3EncryptionMode: "SSE-KMS", kmsKeyArn: configuredKey }
              : { s3EncryptionMode: "SSE-S3" },
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
