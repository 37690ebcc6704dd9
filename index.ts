/**
 * Pulumi entry point: stack config → validated, rendered pipeline → AWS resources → stack outputs.
 * The same `buildStack` produces the committed `generated/<stack>/` files, so what `pulumi up` deploys
 * is exactly what was reviewed. infra/lakehouse.ts says where each resource comes from.
 *
 * An async entry point (Pulumi awaits an exported function and takes its result as the stack outputs), so that
 * the check of the deployed table formats runs before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { Lakehouse } from "./infra/lakehouse";
import { stackPrefix } from "./infra/naming";
import { deployedStack, guardFormatChanges, TABLE_FORMATS_OUTPUT } from "./infra/table-formats";
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

export = async () => {
  const config = readConfig();
  const pipeline = buildStack(config);
  // A deployed table must not change format unconfirmed (infra/table-formats.ts): refused before anything changes.
  guardFormatChanges({
    stack: pipeline.stack,
    deployed: await deployedStack(),
    tables: pipeline.tables,
    database: pipeline.database,
    ...(config.confirmTableFormatChange !== undefined ? { confirmed: config.confirmTableFormatChange } : {}),
  });
  const lakehouse = new Lakehouse(stackPrefix(pipeline), { pipeline, config });
  const o = lakehouse.outputs;
  return {
    dataBucket: o.dataBucket,
    assetsBucket: o.assetsBucket,
    database: o.database,
    workflow: o.workflow,
    jobs: o.jobs,
    landingUploadUris: o.landingUploadUris,
    crawler: o.crawler,
    roleArns: o.roleArns,
    securityConfiguration: o.securityConfiguration,
    kmsKeyArn: o.kmsKeyArn,
    privacy: pipeline.privacy,
    // Read back by the next deploy's check.
    [TABLE_FORMATS_OUTPUT]: o.tableFormats,
  };
};
