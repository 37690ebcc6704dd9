/**
 * The one path from a stack's settings to its rendered pipeline: project → DSL → validation → rendering.
 * The render CLI, the Pulumi program and the tests all call this, so they can never disagree.
 */
import { PROJECTS } from "../jobs";
import type { JobSettings, StackConfig } from "./config/stack-config";
import {
  assertValid,
  UnitTestValidationError,
  validateUnitTests,
  type OptionValue,
  type Project,
  type UnitTestDef,
} from "./dsl";
import { renderPipeline, type RenderedPipeline } from "./render";

/** A parsed stack has `jobs`; a test's hand-made config may leave it out and render at the default Glue version. */
export type BuildConfig = Pick<StackConfig, "stack" | "project" | "options" | "databaseName"> & {
  readonly jobs?: Pick<JobSettings, "glueVersion">;
};

/** The registered project a stack names; `parseStackConfig` has already refused an unknown one. */
export function projectOf(name: string, projects: readonly Project[] = PROJECTS): Project {
  const found = projects.find((p) => p.name === name);
  if (!found)
    throw new Error(
      `No project ${JSON.stringify(name)} is registered in jobs/registered.ts (${projects.map((p) => p.name).join(", ")}).`,
    );
  return found;
}

/**
 * The stack's options with each unset one at its spec's default: what the project's functions receive and what
 * the contract carries, so pipeline.json and lineage.md show the options the pipeline was built with.
 */
function optionsFor(project: Project, options: Readonly<Record<string, OptionValue>>): Record<string, OptionValue> {
  const complete: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(project.options)) {
    const value = options[name] ?? spec.default;
    if (value !== undefined) complete[name] = value as OptionValue;
  }
  return complete;
}

export function buildStack(config: BuildConfig, projects: readonly Project[] = PROJECTS): RenderedPipeline {
  const project = projectOf(config.project, projects);
  const options = optionsFor(project, config.options);
  const validated = assertValid(project.pipeline(options));
  return renderPipeline(validated, {
    stack: config.stack,
    database: config.databaseName,
    ...(config.jobs ? { glueVersion: config.jobs.glueVersion } : {}),
    options,
    ...(project.synthetic ? { synthetic: project.synthetic.script } : {}),
  });
}

/** The stack's job unit tests, checked against its pipeline; every problem at once, or the tests. */
export function buildUnitTests(
  config: Pick<StackConfig, "project" | "options">,
  projects: readonly Project[] = PROJECTS,
): UnitTestDef[] {
  const project = projectOf(config.project, projects);
  const options = optionsFor(project, config.options);
  const tests = project.unitTests?.(options) ?? [];
  const problems = validateUnitTests(assertValid(project.pipeline(options)), tests);
  if (problems.length) throw new UnitTestValidationError(problems);
  return tests;
}
