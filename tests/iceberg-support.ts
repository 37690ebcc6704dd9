/**
 * STEDI rendered with `stedi:tableFormat iceberg`, written to a directory of its own (the committed
 * generated/ stays parquet): what the Iceberg specs and benchmarks run.
 */
import { join } from "node:path";
import { writeStacksWith } from "../src/cli/render";

/**
 * Renders every stack (dev: standard, prod: strict) with Iceberg tables under `root`, for `glueVersion` when given
 * (else each stack's own); returns their directories.
 */
export function renderIcebergStacks(root: string, glueVersion?: string): string[] {
  const generated = writeStacksWith(root, {
    tableFormat: "iceberg",
    ...(glueVersion ? { "lakehouse:glueVersion": glueVersion } : {}),
  });
  return ["dev", "prod"].map((stack) => join(generated, stack));
}
