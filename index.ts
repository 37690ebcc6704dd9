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
import { PROJECTS } from "./jobs";
import { buildStack } from "./src/build";
import { parseStackConfig, StackConfigError } from "./src/config/stack-config";

function readConfig() {
  try {
    // Every key, so that a misspelt one in the engine's or the project's namespace is reported, not ignored.
    return parseStackConfig(pulumi.getStack(), pulumi.runtime.allConfig(), PROJECTS);
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
    project: config.project,
    options: pipeline.options,
    synthetic: pipeline.synthetic ?? "",
    // Read back by the next deploy's check.
    [TABLE_FORMATS_OUTPUT]: o.tableFormats,
  };
};
