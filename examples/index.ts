/**
 * Example pipelines beside STEDI. Each renders into `examples/<name>/generated/<name>/` (with
 * `npm run render`, checked by `render --check`) and runs on local Spark in `npm test`.
 */
import type { PipelineDef } from "../src/dsl";
import { shopPipeline } from "./shop/pipeline";

export interface Example {
  readonly name: string;
  readonly pipeline: () => PipelineDef;
}

export const EXAMPLES: readonly Example[] = [{ name: "shop", pipeline: shopPipeline }];

/** Where an example's rendered files go, relative to the repo root; its stack is its name. */
export const exampleGeneratedDir = (name: string) => `examples/${name}/generated`;
