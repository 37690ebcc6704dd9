/**
 * STEDI rendered with `stedi:tableFormat iceberg`, written to a directory of its own (the committed
 * generated/ stays parquet): what the Iceberg specs and benchmarks run.
 */
import { join } from "node:path";
import { writeStacksWithFormat } from "../src/cli/render";

/** Renders every stack (dev: standard, prod: strict) with Iceberg tables under `root`; returns their directories. */
export function renderIcebergStacks(root: string): string[] {
  const generated = writeStacksWithFormat(root, "iceberg");
  return ["dev", "prod"].map((stack) => join(generated, stack));
}
