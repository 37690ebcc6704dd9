/**
 * The one path from a stack's settings to its rendered pipeline: DSL → validation → rendering.
 * The render CLI, the Pulumi program and the tests all call this, so they can never disagree.
 */
import { stediPipeline } from "../jobs";
import type { StackConfig } from "./config/stack-config";
import { assertValid } from "./dsl";
import { renderPipeline, type RenderedPipeline } from "./render";

export function buildStack(config: Pick<StackConfig, "stack" | "privacy" | "databaseName"> & Partial<Pick<StackConfig, "tableFormat">>): RenderedPipeline {
  const validated = assertValid(stediPipeline({ privacy: config.privacy, tableFormat: config.tableFormat ?? "parquet" }));
  return renderPipeline(validated, { stack: config.stack, database: config.databaseName, privacy: config.privacy });
}
