/**
 * One S3 bucket with the guardrails every bucket in this project gets. In AWS provider v7 each setting
 * is its own resource, so this component keeps them together:
 * - default encryption: SSE-S3, or SSE-KMS with bucket keys when a KMS key is configured;
 * - BucketOwnerEnforced ownership (ACLs off) and a public access block with all four flags;
 * - a bucket policy that denies any request not made over TLS;
 * - optional versioning and lifecycle rules.
 * The policy pack (policy/) checks each of these resources and that no bucket lacks one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketArn } from "./naming";

export interface SecureBucketArgs {
  /** ARN partition; with the bucket name (known at preview) it gives the ARN the TLS policy needs. */
  readonly partition: pulumi.Input<string>;
  /** Encrypt with this KMS key (SSE-KMS); SSE-S3 when absent. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly versioned: boolean;
  readonly lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
  readonly forceDestroy: boolean;
}

/** Deny every request made without TLS, to the bucket and to every object in it. */
export function tlsOnlyPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  /** The physical bucket name (auto-named from the resource name, so it is globally unique). */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:SecureBucket", name, {}, opts);
    const parent = { parent: this };

    this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy }, parent);
    this.name = this.bucket.bucket;

    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.bucket,
        rules: [
          args.kmsKeyArn === undefined
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : // Bucket keys cut KMS request costs: S3 asks KMS once per bucket key, not once per object.
              { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true },
        ],
      },
      parent,
    );

    // S3 rejects concurrent changes to one bucket's settings ("conflicting conditional operation"),
    // so ownership, public access block and policy are applied one after the other.
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: this.bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: this.bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this, dependsOn: [ownership] },
    );
    // Built from the name, not `bucket.arn`: the ARN is unknown until creation, so the policy pack could not check it in a preview.
    const policy = pulumi.all([args.partition, this.bucket.bucket]).apply(([partition, bucket]) => tlsOnlyPolicy(bucketArn(partition, bucket)));
    new aws.s3.BucketPolicy(`${name}-tls-only`, { bucket: this.bucket.bucket, policy }, { parent: this, dependsOn: [publicAccess] });

    const versioning = args.versioned
      ? new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: this.bucket.bucket, versioningConfiguration: { status: "Enabled" } }, parent)
      : undefined;
    if (args.lifecycleRules.length) {
      // Rules about noncurrent versions only make sense once versioning is on.
      new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: this.bucket.bucket, rules: args.lifecycleRules }, { parent: this, dependsOn: versioning ? [versioning] : [] });
    }

    this.registerOutputs({ name: this.name });
  }
}
