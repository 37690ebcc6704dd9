/**
 * The one path from a stack's settings to its rendered pipeline: DSL → validation → rendering.
 * The render CLI, the Pulumi program and the tests all call this, so they can never disagree.
 */
import { stediPipeline, stediUnitTests } from "../jobs";
import type { StackConfig } from "./config/stack-config";
import { assertValid, UnitTestValidationError, validateUnitTests, type UnitTestDef } from "./dsl";
import { renderPipeline, type RenderedPipeline } from "./render";

export function buildStack(
  config: Pick<StackConfig, "stack" | "privacy" | "databaseName"> & Partial<Pick<StackConfig, "tableFormat">>,
): RenderedPipeline {
  const validated = assertValid(
    stediPipeline({ privacy: config.privacy, tableFormat: config.tableFormat ?? "parquet" }),
  );
  return renderPipeline(validated, { stack: config.stack, database: config.databaseName, privacy: config.privacy });
}

/** The stack's job unit tests, checked against its pipeline; every problem at once, or the tests. */
export function buildUnitTests(config: Pick<StackConfig, "privacy">): UnitTestDef[] {
  const tests = stediUnitTests({ privacy: config.privacy });
  const problems = validateUnitTests(assertValid(stediPipeline({ privacy: config.privacy })), tests);
  if (problems.length) throw new UnitTestValidationError(problems);
  return tests;
}
