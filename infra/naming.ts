/**
 * Names and S3 locations every component agrees on: the stack prefix that starts each physical name,
 * the assets bucket's prefixes, and the helpers that turn a bucket plus a key prefix into URIs and ARNs.
 * Pure, so the IAM tests can compute the expected grants with the same vocabulary.
 */
import { createHash } from "node:crypto";
import { qualifiedStackName } from "../src/config/stack-config";
import type { RenderedJob, RenderedPipeline } from "../src/render/types";

/**
 * `<project>-<stack>` (the stack alone when it already starts with the project's name): starts every physical
 * name, so a stack's resources sort together in the console.
 */
export function stackPrefix(pipeline: Pick<RenderedPipeline, "name" | "stack">): string {
  return qualifiedStackName(pipeline.name, pipeline.stack).replace(/[^a-z0-9-]+/g, "-");
}

/** Key prefixes inside the assets bucket. Jobs only read `scripts/`; Glue writes the other two. */
export const ASSETS = {
  scripts: "scripts/",
  temp: "temp/",
  sparkUiLogs: "sparkui/",
} as const;

/** `scripts/<job>-<first 16 hex of sha256>.py`: a changed script is a new object. */
export function scriptKey(job: Pick<RenderedJob, "name" | "script">): string {
  const digest = createHash("sha256").update(job.script, "utf8").digest("hex").slice(0, 16);
  return `${ASSETS.scripts}${job.name}-${digest}.py`;
}

/** IAM role names have at most 64 characters; a longer name keeps its start and gets a hash of the whole. */
export function roleName(name: string): string {
  if (name.length <= 64) return name;
  return `${name.slice(0, 55)}-${createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8)}`;
}

export function s3Uri(bucket: string, keyPrefix = ""): string {
  return `s3://${bucket}/${keyPrefix}`;
}

/** `s3://bucket/some/prefix/` → its parts. Throws on anything else: these come from the validated DSL. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`Not an s3:// URI: ${JSON.stringify(uri)}`);
  return { bucket: m[1]!, prefix: m[2]! };
}

/** `arn:aws:s3:::bucket` (the partition comes from a known bucket ARN, so China and GovCloud work too). */
export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** A job's own prefix under an assets prefix: `temp/<job>/`. */
export function jobAssetPrefix(assetsPrefix: string, job: string): string {
  return `${assetsPrefix}${job}/`;
}

/**
 * The object keys Hadoop's S3 file systems (EMRFS on Glue 5.0, and S3A) touch for a directory `prefix`:
 * - `dir` itself (no slash) and `dir/…`: status probes HEAD the bare key, files and `_temporary/` live below;
 * - `dir_$folder$`: the directory marker EMRFS writes on mkdirs and deletes when a file lands below.
 * Nothing else: `customer/trusted` never matches `customer/trusted_backup/`, as `customer/trusted*` would.
 */
export function directoryKeys(prefix: string): {
  readonly self: string;
  readonly contents: string;
  readonly marker: string;
} {
  const dir = prefix.replace(/\/+$/, "");
  return { self: dir, contents: `${dir}/*`, marker: `${dir}_$folder$` };
}

/**
 * The parent directories of `prefix` (`a/b/c/` → `a`, `a/b`), which a writer's mkdirs probes: it checks
 * that no parent is a file, by HEADing the bare key, the `dir/` key and the `_$folder$` marker.
 */
export function parentDirectories(prefix: string): string[] {
  const parts = prefix.replace(/\/+$/, "").split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * The tag every KMS key a stack uses carries, valued with the stack's name: the deploy roles and the job
 * boundary may administer and use only keys tagged with their own stack (bootstrap/policies.ts).
 */
export const STACK_TAG_KEY = "lakehouse:stack";
