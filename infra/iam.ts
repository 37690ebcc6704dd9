/**
 * The Glue service role every job and crawler runs as.
 * - AWSGlueServiceRole (managed) covers the service basics: the Data Catalog, CloudWatch metrics, Glue's own buckets.
 * - `data-access`: all S3 access, computed from lineage by `deriveS3Access`: read-only on the landing
 *   prefixes and each job's inputs, write only where the pipeline writes. No `s3:*`, no `*` resource.
 *   It depends only on bucket names, so the policy pack can check it in a preview.
 * - `encryption-and-logs`: use of the stack's KMS key, and CloudWatch Logs for continuous logging.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext, LakehouseInputs } from "./context";
import { bucketArn, prefixPattern } from "./naming";
import { bucketKey, deriveS3Access, type PrefixGrant, type S3AccessPlan } from "./s3-access";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export const OBJECT_READ_ACTIONS = ["s3:GetObject"] as const;
/** Delete because overwrite sinks purge their prefix; abort so failed multipart uploads can be cleaned up. */
export const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const;

/** The S3 grants for a lineage-derived plan. Pure: the tests call it with the same plan the program uses. */
export function s3DataAccessDocument(plan: S3AccessPlan, t: { partition: string; dataBucket: string; assetsBucket: string }): PolicyDocument {
  const bucketName = (g: PrefixGrant) => (g.bucket.kind === "data" ? t.dataBucket : g.bucket.kind === "assets" ? t.assetsBucket : g.bucket.name);
  const objects = (grants: readonly PrefixGrant[]) => grants.map((g) => `${bucketArn(t.partition, bucketName(g))}/${prefixPattern(g.prefix)}`);
  const all = [...plan.readOnly, ...plan.readWrite];

  // ListBucket is a bucket-level action: scope it per bucket with the prefixes a lister may ask for.
  const buckets = [...new Map(all.map((g) => [bucketKey(g.bucket), g])).values()];
  const listStatements = buckets.map((b, i): PolicyStatement => {
    const sid = b.bucket.kind === "data" ? "ListDataBucket" : b.bucket.kind === "assets" ? "ListAssetsBucket" : `ListExternalBucket${i}`;
    const prefixes = [...new Set(all.filter((g) => bucketKey(g.bucket) === bucketKey(b.bucket)).map((g) => prefixPattern(g.prefix)))];
    return { Sid: sid, Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn(t.partition, bucketName(b))], Condition: { StringLike: { "s3:prefix": prefixes } } };
  });

  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadLineageInputsAndOutputs", Effect: "Allow", Action: [...OBJECT_READ_ACTIONS], Resource: objects(all) },
      { Sid: "WritePipelineOutputs", Effect: "Allow", Action: [...OBJECT_WRITE_ACTIONS], Resource: objects(plan.readWrite) },
      ...listStatements,
    ],
  };
}

/** The key Glue encrypts logs and bookmarks with, and the log groups continuous logging writes. */
export function encryptionAndLogsDocument(t: { partition: string; region: string; accountId: string; kmsKeyArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "UseStackKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: [t.kmsKeyArn] },
      {
        Sid: "ContinuousLogging",
        Effect: "Allow",
        // AssociateKmsKey: with CloudWatch encryption on, Glue attaches the key to the job's log groups.
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [`arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:/aws-glue/*`],
      },
    ],
  };
}

export interface GlueRoleArgs extends LakehouseInputs {
  readonly aws: AwsContext;
  readonly dataBucket: pulumi.Input<string>;
  readonly assetsBucket: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
}

export class GlueRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;
  /** Depend on these before running anything as the role, so its grants exist first. */
  readonly grants: readonly pulumi.Resource[];

  constructor(name: string, args: GlueRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:GlueRole", name, {}, opts);
    const parent = { parent: this };
    const { partition, accountId } = args.aws;

    this.role = new aws.iam.Role(
      name,
      {
        description: `Runs the ${args.pipeline.name} Glue jobs and crawlers of stack ${args.pipeline.stack}.`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      },
      parent,
    );
    this.arn = this.role.arn;

    const plan = deriveS3Access(args.pipeline);
    this.grants = [
      new aws.iam.RolePolicyAttachment(`${name}-glue-service`, { role: this.role.name, policyArn: aws.iam.ManagedPolicy.AWSGlueServiceRole }, parent),
      new aws.iam.RolePolicy(
        `${name}-data-access`,
        {
          role: this.role.id,
          policy: pulumi
            .all([partition, args.dataBucket, args.assetsBucket])
            .apply(([p, dataBucket, assetsBucket]) => JSON.stringify(s3DataAccessDocument(plan, { partition: p, dataBucket, assetsBucket }))),
        },
        parent,
      ),
      new aws.iam.RolePolicy(
        `${name}-encryption-and-logs`,
        {
          role: this.role.id,
          policy: pulumi
            .all([partition, accountId, args.kmsKeyArn])
            .apply(([p, account, kmsKeyArn]) => JSON.stringify(encryptionAndLogsDocument({ partition: p, accountId: account, region: args.config.region, kmsKeyArn }))),
        },
        parent,
      ),
    ];

    this.registerOutputs({ arn: this.arn });
  }
}
