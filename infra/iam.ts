/**
 * One IAM role for one Glue job or crawler, as the CDK Glue constructs do: trusted by Glue, with two
 * inline policies built by role-policies.ts from what that job or crawler does:
 * - `data-access`: S3, Data Catalog, metrics and logs. It depends only on names known at preview
 *   (buckets, database, account), so the policy pack checks it in a preview;
 * - `encryption`: use of the stack's KMS key, whose ARN is known only once a created key exists.
 * No managed policy: AWSGlueServiceRole grants, among others, s3:ListBucket on `*`, and its ARN names one
 * partition. See docs/decisions/infra-iam-grants.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InfraComponent } from "./component-type";
import { roleName } from "./naming";
import type { PolicyDocument } from "./role-policies";

/** Only the Glue service may assume the role. */
export const GLUE_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }],
} as const;

export interface GlueServiceRoleArgs {
  readonly description: string;
  readonly dataAccess: pulumi.Input<PolicyDocument>;
  readonly encryption: pulumi.Input<PolicyDocument>;
  /** `lakehouse:permissionsBoundaryArn`: set on the role when given. */
  readonly permissionsBoundaryArn?: string;
}

export class GlueServiceRole extends InfraComponent {
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;
  /** Depend on these before running anything as the role, so its grants exist first. */
  readonly grants: readonly pulumi.Resource[];

  constructor(name: string, args: GlueServiceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("GlueServiceRole", name, opts);
    const parent = { parent: this };
    this.role = new aws.iam.Role(
      name,
      {
        name: roleName(name),
        description: args.description,
        assumeRolePolicy: JSON.stringify(GLUE_TRUST_POLICY),
        // The bootstrap's deploy roles may only create roles that carry this boundary (bootstrap/policies.ts).
        ...(args.permissionsBoundaryArn !== undefined ? { permissionsBoundary: args.permissionsBoundaryArn } : {}),
      },
      parent,
    );
    this.arn = this.role.arn;
    const json = (doc: pulumi.Input<PolicyDocument>) => pulumi.output(doc).apply((d) => JSON.stringify(d));
    this.grants = [
      new aws.iam.RolePolicy(`${name}-data-access`, { role: this.role.id, policy: json(args.dataAccess) }, parent),
      new aws.iam.RolePolicy(`${name}-encryption`, { role: this.role.id, policy: json(args.encryption) }, parent),
    ];
    this.registerOutputs({ arn: this.arn });
  }
}
