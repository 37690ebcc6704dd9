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
import { InfraComponent } from "./component-type";
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

export class SecureBucket extends InfraComponent {
  readonly bucket: aws.s3.Bucket;
  /** The physical bucket name (auto-named from the resource name, so it is globally unique). */
  readonly name: pulumi.Output<string>;
  /** The bucket's last settings resource; every other one comes before it (see the constructor). */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("SecureBucket", name, opts);
    const parent = { parent: this };

    this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy }, parent);
    this.name = this.bucket.bucket;

    // S3 answers OperationAborted ("a conflicting conditional operation is in progress") to concurrent
    // configuration changes on one bucket, so its settings are applied strictly one after the other:
    // ownership, public access block, encryption, versioning, lifecycle (noncurrent-version rules need
    // versioning on), and last the policy. Each resource depends on the one before it.
    let previous: pulumi.Resource = this.bucket;
    const next = <R extends pulumi.Resource>(create: (opts: pulumi.CustomResourceOptions) => R): R => {
      const resource = create({ parent: this, dependsOn: [previous] });
      previous = resource;
      return resource;
    };
    next(
      (o) =>
        new aws.s3.BucketOwnershipControls(
          `${name}-ownership`,
          { bucket: this.bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
          o,
        ),
    );
    next(
      (o) =>
        new aws.s3.BucketPublicAccessBlock(
          `${name}-public-access`,
          {
            bucket: this.bucket.bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          },
          o,
        ),
    );
    next(
      (o) =>
        new aws.s3.BucketServerSideEncryptionConfiguration(
          `${name}-encryption`,
          {
            bucket: this.bucket.bucket,
            rules: [
              args.kmsKeyArn === undefined
                ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                : // Bucket keys cut KMS request costs: S3 asks KMS once per bucket key, not once per object.
                  {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                    bucketKeyEnabled: true,
                  },
            ],
          },
          o,
        ),
    );
    if (args.versioned)
      next(
        (o) =>
          new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: this.bucket.bucket, versioningConfiguration: { status: "Enabled" } },
            o,
          ),
      );
    if (args.lifecycleRules.length)
      next(
        (o) =>
          new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket: this.bucket.bucket, rules: args.lifecycleRules },
            o,
          ),
      );
    // Built from the name, not `bucket.arn`: the ARN is unknown until creation, so the policy pack could not check it
    // in a preview.
    const policy = pulumi
      .all([args.partition, this.bucket.bucket])
      .apply(([partition, bucket]) => tlsOnlyPolicy(bucketArn(partition, bucket)));
    /** The last of the bucket's settings: anything that uses the bucket can depend on it. */
    this.ready = next((o) => new aws.s3.BucketPolicy(`${name}-tls-only`, { bucket: this.bucket.bucket, policy }, o));

    this.registerOutputs({ name: this.name });
  }
}
