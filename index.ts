/**
 * Pulumi entry point: stack config → validated, rendered pipeline → AWS resources → stack outputs.
 * The same `buildStack` produces the committed `generated/<stack>/` files, so what `pulumi up` deploys
 * is exactly what was reviewed. infra/lakehouse.ts says where each resource comes from.
 */
import * as pulumi from "@pulumi/pulumi";
import { Lakehouse } from "./infra/lakehouse";
import { stackPrefix } from "./infra/naming";
import { buildStack } from "./src/build";
import { parseStackConfig, StackConfigError } from "./src/config/stack-config";

/** Our `stedi:` keys and `aws:region`, as Pulumi holds them. All keys, so a misspelt one is reported, not ignored. */
function namespacedConfig(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig()).filter(([key]) => key.startsWith("stedi:") || key.startsWith("aws:")),
  );
}

function readConfig() {
  try {
    return parseStackConfig(pulumi.getStack(), namespacedConfig());
  } catch (e) {
    // RunError prints just the message: the list of keys to fix, without a stack trace.
    if (e instanceof StackConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

const config = readConfig();
const pipeline = buildStack(config);
const lakehouse = new Lakehouse(stackPrefix(pipeline), { pipeline, config });

export const dataBucket = lakehouse.outputs.dataBucket;
export const assetsBucket = lakehouse.outputs.assetsBucket;
export const database = lakehouse.outputs.database;
export const workflow = lakehouse.outputs.workflow;
export const jobs = lakehouse.outputs.jobs;
export const landingUploadUris = lakehouse.outputs.landingUploadUris;
export const crawler = lakehouse.outputs.crawler;
export const roleArns = lakehouse.outputs.roleArns;
export const securityConfiguration = lakehouse.outputs.securityConfiguration;
export const kmsKeyArn = lakehouse.outputs.kmsKeyArn;
export const privacy = pipeline.privacy;
