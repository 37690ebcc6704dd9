/**
 * What every component receives: the rendered pipeline (the single source of tables, jobs and lineage)
 * and the validated stack config, plus the AWS account facts that ARNs and key policies need.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../src/config/stack-config";
import type { RenderedPipeline } from "../src/render/types";

export interface LakehouseInputs {
  readonly pipeline: RenderedPipeline;
  readonly config: StackConfig;
}

export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  /** `aws`, `aws-cn` or `aws-us-gov`: part of every ARN. */
  readonly partition: pulumi.Output<string>;
}

export function lookupAwsContext(opts: pulumi.InvokeOutputOptions): AwsContext {
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    partition: aws.getPartitionOutput({}, opts).partition,
  };
}
