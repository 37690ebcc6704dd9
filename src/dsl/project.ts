/**
 * A project is registered data, like a node kind: a name, the options its stacks may set (each one spec, in
 * the style of the engine's own settings), the pipeline and job unit tests as functions of those options,
 * and, optionally, a generator of synthetic landing data. `jobs/registered.ts` registers every project; the
 * engine reads nothing else about it. Pure: no I/O here, the engine reads the stack files.
 */
import type { UnitTestDef } from "../compiler/unit-tests";
import type { OptionSpecs, OptionValues } from "../model/options";
import type { PipelineDef } from "../nodes/pipeline";

export interface SyntheticLanding {
  /**
   * A Python file, relative to the repository root, defining `generate(target, seed, scale)`, which writes one
   * folder of JSON lines per landing entity (`<target>/<entity>/landing/*.json`), and `GENERATOR_VERSION`. The local
   * runner loads it by path (runtime/lakehouse/synthetic.py); `npm start -- --scale N` and the smoke run call it.
   */
  readonly script: string;
}

export interface ProjectDef<S extends OptionSpecs = OptionSpecs> {
  /** Lower-case identifier; the stack files name it in `lakehouse:project`, its options live under `<name>:`. */
  readonly name: string;
  readonly description: string;
  readonly options: S;
  readonly pipeline: (options: OptionValues<S>) => PipelineDef;
  /** The job unit tests (`npm run test:jobs`), for the same options. */
  readonly unitTests?: (options: OptionValues<S>) => UnitTestDef[];
  readonly synthetic?: SyntheticLanding;
}

const PROJECT_NAME = /^[a-z][a-z0-9_]{0,30}$/;

/** A registered project, its option types erased: what the engine holds in its registry. */
export type Project = ProjectDef<OptionSpecs>;

/**
 * Declares a project. Its name is checked here, since it becomes a config namespace and part of resource names.
 * The typed options are erased in the result: the engine passes `pipeline` and `unitTests` only values that
 * these same specs parsed (src/config/stack-config.ts), so the erasure cannot let a wrong value through.
 */
export function project<S extends OptionSpecs>(def: ProjectDef<S>): Project {
  if (!PROJECT_NAME.test(def.name))
    throw new Error(
      `Project name ${JSON.stringify(def.name)} is not usable: it becomes a config namespace and starts every resource ` +
        "name, so use a lower-case identifier (a-z, 0-9, _; at most 31 characters, starting with a letter).",
    );
  if (def.name === "lakehouse" || def.name === "aws")
    throw new Error(
      `Project name ${JSON.stringify(def.name)} is reserved: the engine's settings use the "lakehouse:" namespace and ` +
        'the AWS provider "aws:". Choose another name.',
    );
  return def as unknown as Project;
}
