/**
 * Which S3 prefixes the Glue role may read, and which it may also write, derived from lineage alone:
 * every landing table and every job's `readLocations` are read; every job's `writeLocations` (its
 * tables and its rejected-record prefixes) are written; plus the assets bucket's scripts (read) and
 * temp and Spark UI prefixes (written by Glue itself). Adding a job in the DSL changes these grants
 * with no edit here. Pure, so tests compare it against the pipeline directly.
 */
import type { RenderedPipeline, S3Location } from "../src/render/types";
import { ASSETS, parseS3Uri, prefixPattern } from "./naming";

export type BucketRef = { readonly kind: "data" } | { readonly kind: "assets" } | { readonly kind: "external"; readonly name: string };

export interface PrefixGrant {
  readonly bucket: BucketRef;
  readonly prefix: string;
}

export interface S3AccessPlan {
  /** Read (get and list) only. Always includes every landing prefix. */
  readonly readOnly: readonly PrefixGrant[];
  /** Read, write and delete (overwrite sinks purge their prefix first). Never touches a landing prefix. */
  readonly readWrite: readonly PrefixGrant[];
}

const DATA: BucketRef = { kind: "data" };
const ASSETS_BUCKET: BucketRef = { kind: "assets" };

export function bucketKey(b: BucketRef): string {
  return b.kind === "external" ? `external:${b.name}` : b.kind;
}

function grantOf(location: S3Location): PrefixGrant {
  if (location.bucket === "data") return { bucket: DATA, prefix: location.prefix };
  const { bucket, prefix } = parseS3Uri(location.uri);
  return { bucket: { kind: "external", name: bucket }, prefix };
}

/** Unique grants in a stable order (bucket, then prefix), so the policy document never churns. */
function unique(grants: readonly PrefixGrant[]): PrefixGrant[] {
  const byKey = new Map(grants.map((g) => [`${bucketKey(g.bucket)}|${g.prefix}`, g]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** True when an IAM pattern for `a` would also match keys under `b`, or the other way round. */
function overlaps(a: PrefixGrant, b: PrefixGrant): boolean {
  if (bucketKey(a.bucket) !== bucketKey(b.bucket)) return false;
  const [pa, pb] = [prefixPattern(a.prefix).slice(0, -1), prefixPattern(b.prefix).slice(0, -1)];
  return pa.startsWith(pb) || pb.startsWith(pa);
}

export function deriveS3Access(pipeline: Pick<RenderedPipeline, "jobs" | "tables">): S3AccessPlan {
  const landing = pipeline.tables.filter((t) => t.zone === "landing").map((t) => ({ bucket: DATA, prefix: t.prefix }));
  const written = unique([
    ...pipeline.jobs.flatMap((j) => j.writeLocations.map(grantOf)),
    { bucket: ASSETS_BUCKET, prefix: ASSETS.temp },
    { bucket: ASSETS_BUCKET, prefix: ASSETS.sparkUiLogs },
  ]);

  // The DSL already refuses sinks into landing; this keeps the guarantee local to the IAM code.
  const clash = written.flatMap((w) => landing.filter((l) => overlaps(w, l)).map((l) => `${w.prefix} overlaps landing prefix ${l.prefix}`));
  if (clash.length) throw new Error(`The pipeline writes into the landing zone, which must stay read-only: ${clash.join("; ")}.`);

  const writtenKeys = new Set(written.map((g) => `${bucketKey(g.bucket)}|${g.prefix}`));
  const readOnly = unique([...landing, ...pipeline.jobs.flatMap((j) => j.readLocations.map(grantOf)), { bucket: ASSETS_BUCKET, prefix: ASSETS.scripts }]).filter(
    (g) => !writtenKeys.has(`${bucketKey(g.bucket)}|${g.prefix}`),
  );
  return { readOnly, readWrite: written };
}
