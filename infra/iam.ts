/**
 * The Glue service role every job and crawler runs as.
 * - AWSGlueServiceRole (managed) covers the service basics: the Data Catalog, CloudWatch metrics, Glue's own buckets.
 * - `data-access`: all S3 access, computed from lineage by `deriveS3Access`: read-only on the landing
 *   prefixes and each job's inputs, write only where the pipeline writes. No `s3:*`, no `*` resource.
 *   It depends only on bucket names, so the policy pack can check it in a preview.
 * - `encryption-and-logs`: use of the stack's KMS key, and CloudWatch Logs for continuous logging.
 * The documents themselves are pure functions in role-policies.ts, which also holds the guard that
 * keeps them within AWS's 10,240-character limit (Lakehouse runs it before creating anything).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext, LakehouseInputs } from "./context";
import { encryptionAndLogsDocument, s3DataAccessDocument } from "./role-policies";
import { deriveS3Access } from "./s3-access";

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
        // The bootstrap's deploy roles may only create roles that carry this boundary (bootstrap/policies.ts).
        ...(args.config.permissionsBoundaryArn !== undefined ? { permissionsBoundary: args.config.permissionsBoundaryArn } : {}),
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
