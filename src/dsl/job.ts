/**
 * `job(...)`: records a job's nodes through the builder methods every node kind contributes
 * (`src/nodes/<kind>.ts`). Nothing is checked here, so that validation can report every problem at once.
 */
import { NODE_KINDS, type Frame, type JobBuilder, type NodeDef } from "../nodes";
import type { AddNode, NodeKindSpec } from "../nodes/kind";
import type { JobDef, TableDef } from "./types";

export type { Frame, JobBuilder, NodeOptions, TableRef } from "../nodes";

export interface JobOptions {
  readonly description?: string;
  /** Defaults to `jobs/<name>.ts`. */
  readonly file?: string;
}

const KINDS: readonly Pick<NodeKindSpec<never, never, never, object, object>, "frameMethods" | "jobMethods">[] = Object.values(NODE_KINDS);

export function job(name: string, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, options: JobOptions, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, a: JobOptions | ((b: JobBuilder) => void), b?: (b: JobBuilder) => void): JobDef {
  const options: JobOptions = typeof a === "function" ? {} : a;
  const define = typeof a === "function" ? a : b!;
  const nodes: NodeDef[] = [];

  const add: AddNode = (node) => {
    nodes.push({ ...node, index: nodes.length } as NodeDef);
    return frame(node.name);
  };
  const frame = (nodeName: string): Frame => Object.assign({ nodeName }, ...KINDS.map((k) => k.frameMethods?.(add, nodeName) ?? {}));

  define(Object.assign({}, ...KINDS.map((k) => k.jobMethods?.(add) ?? {})));

  return {
    name,
    file: options.file ?? `jobs/${name}.ts`,
    ...(options.description !== undefined ? { description: options.description } : {}),
    nodes,
  };
}

export function pipeline(name: string, tables: readonly TableDef[], jobs: readonly JobDef[]) {
  return { name, tables: [...tables], jobs: [...jobs] };
}
