/**
 * Which S3 prefixes one job's role may read, and which it may also write, derived from the job's
 * lineage alone: its `readLocations` are read; its `writeLocations` (its tables and its rejected-record
 * prefixes) are written; plus, in the assets bucket, its own script (read), and its own temp and Spark UI
 * prefixes (written by Glue itself). The crawler reads the landing prefixes. Adding a job in the DSL
 * changes these grants with no edit here. Pure, so tests compare it against the pipeline directly.
 */
import type { RenderedJob, RenderedTable, S3Location } from "../src/render/types";
import { ASSETS, jobAssetPrefix, parseS3Uri, scriptKey } from "./naming";

export type BucketRef =
  { readonly kind: "data" } | { readonly kind: "assets" } | { readonly kind: "external"; readonly name: string };

export interface PrefixGrant {
  readonly bucket: BucketRef;
  readonly prefix: string;
}

export interface S3AccessPlan {
  /** Read (get and list) only: the job's inputs. Never includes a prefix it writes. */
  readonly readOnly: readonly PrefixGrant[];
  /** Read, write and delete (overwrite sinks purge their prefix first). Never touches a landing prefix. */
  readonly readWrite: readonly PrefixGrant[];
  /** Exact objects read: the job's own script. */
  readonly objects: readonly PrefixGrant[];
}

const DATA: BucketRef = { kind: "data" };
const ASSETS_BUCKET: BucketRef = { kind: "assets" };

export function bucketKey(b: BucketRef): string {
  return b.kind === "external" ? `external:${b.name}` : b.kind;
}

const grantKey = (g: PrefixGrant) => `${bucketKey(g.bucket)}|${g.prefix}`;

function grantOf(location: S3Location): PrefixGrant {
  if (location.bucket === "data") return { bucket: DATA, prefix: location.prefix };
  const { bucket, prefix } = parseS3Uri(location.uri);
  return { bucket: { kind: "external", name: bucket }, prefix };
}

/** Unique grants in a stable order (bucket, then prefix), so the policy document never churns. */
export function uniqueGrants(grants: readonly PrefixGrant[]): PrefixGrant[] {
  const byKey = new Map(grants.map((g) => [grantKey(g), g]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** True when one prefix contains the other, in one bucket. */
function overlaps(a: PrefixGrant, b: PrefixGrant): boolean {
  if (bucketKey(a.bucket) !== bucketKey(b.bucket)) return false;
  return a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
}

export type RoleJob = Pick<RenderedJob, "name" | "readLocations" | "writeLocations"> & { readonly scriptKey: string };

export function roleJobOf(job: Pick<RenderedJob, "name" | "script" | "readLocations" | "writeLocations">): RoleJob {
  return {
    name: job.name,
    readLocations: job.readLocations,
    writeLocations: job.writeLocations,
    scriptKey: scriptKey(job),
  };
}

/** One job's S3 grants. Throws when the job would write into a landing prefix (the DSL refuses that too). */
export function jobS3Access(job: RoleJob, tables: readonly Pick<RenderedTable, "zone" | "prefix">[]): S3AccessPlan {
  const landing = tables.filter((t) => t.zone === "landing").map((t) => ({ bucket: DATA, prefix: t.prefix }));
  const written = uniqueGrants([
    ...job.writeLocations.map(grantOf),
    { bucket: ASSETS_BUCKET, prefix: jobAssetPrefix(ASSETS.temp, job.name) },
    { bucket: ASSETS_BUCKET, prefix: jobAssetPrefix(ASSETS.sparkUiLogs, job.name) },
  ]);
  const clash = written.flatMap((w) =>
    landing.filter((l) => overlaps(w, l)).map((l) => `${w.prefix} overlaps landing prefix ${l.prefix}`),
  );
  if (clash.length)
    throw new Error(`Job ${job.name} writes into the landing zone, which must stay read-only: ${clash.join("; ")}.`);
  const writtenKeys = new Set(written.map(grantKey));
  const readOnly = uniqueGrants(job.readLocations.map(grantOf)).filter((g) => !writtenKeys.has(grantKey(g)));
  return { readOnly, readWrite: written, objects: [{ bucket: ASSETS_BUCKET, prefix: job.scriptKey }] };
}

/** The crawler reads the landing prefixes, and nothing else. */
export function crawlerS3Access(tables: readonly Pick<RenderedTable, "zone" | "prefix">[]): S3AccessPlan {
  return {
    readOnly: uniqueGrants(tables.filter((t) => t.zone === "landing").map((t) => ({ bucket: DATA, prefix: t.prefix }))),
    readWrite: [],
    objects: [],
  };
}
