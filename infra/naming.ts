/**
 * Names and S3 locations every component agrees on: the stack prefix that starts each physical name,
 * the assets bucket's prefixes, and the helpers that turn a bucket plus a key prefix into URIs and ARNs.
 * Pure, so the IAM tests can compute the expected grants with the same vocabulary.
 */
import type { RenderedPipeline } from "../src/render/types";

/** `stedi-dev`: starts every physical name, so a stack's resources sort together in the console. */
export function stackPrefix(pipeline: Pick<RenderedPipeline, "name" | "stack">): string {
  return `${pipeline.name}-${pipeline.stack}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

/** The Glue job name: the stack prefix keeps dev and prod apart in one account. */
export function glueJobName(pipeline: Pick<RenderedPipeline, "name" | "stack">, job: string): string {
  return `${stackPrefix(pipeline)}-${job}`;
}

/** Key prefixes inside the assets bucket. Jobs only read `scripts/`; Glue writes the other two. */
export const ASSETS = {
  scripts: "scripts/",
  temp: "temp/",
  sparkUiLogs: "sparkui/",
} as const;

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

/**
 * The IAM pattern for "everything under this prefix": `customer/trusted/` → `customer/trusted*`.
 * Dropping the trailing slash also covers the prefix's own key and the `customer/trusted_$folder$`
 * marker that Glue's S3 client probes and writes; the zone layout has no sibling that starts the same way.
 */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/\/+$/, "")}*`;
}
