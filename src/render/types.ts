import type { Column, Format, Zone } from "../model/types";
import type { RenderedArgument, S3Location } from "../model/script";
import type { GlueVersion } from "../model/glue-versions";

/** A table column as the contract carries it (name, Glue type, tags): what infra/ reads to declare catalog columns. */
export type RenderedColumn = Column;
import type { QualityAction } from "../model/quality/rules";
// Part of the contract, defined in the model because node kinds' views name them too.
export {
  SCRIPT_ARGUMENTS,
  scriptArgument,
  scriptArguments,
  type ArgumentPlace,
  type JobArgument,
  type RenderedArgument,
  type S3Location,
} from "../model/script";

/**
 * The contract between rendering and everything downstream (generated files, Pulumi, the local run).
 * It is plain data: a consumer never needs the DSL model to use it.
 */
export interface RenderedTable {
  readonly name: string;
  readonly entity: string;
  readonly zone: Zone;
  readonly format: Format;
  /** Key prefix inside the data bucket, e.g. `customer/trusted/`. */
  readonly prefix: string;
  /** Data columns with catalog names and Glue types (partition keys excluded). */
  readonly columns: readonly RenderedColumn[];
  readonly partitionKeys: readonly RenderedColumn[];
  /** Whether its partitions live in the Glue catalog (its format's rule), so a catalog read lists them. */
  readonly catalogPartitions: boolean;
  /** The job that writes it; absent for landing tables. */
  readonly producer?: string;
  readonly description?: string;
  /** Its data-quality rules (DQDL) and their action, checked by its producer before the sink. */
  readonly quality?: { readonly action: QualityAction; readonly ruleset: string };
}

/** An Evaluate Data Quality node of a job: what the report and the lineage say about it. */
export interface RenderedQualityCheck {
  /** `dataQualityEvaluationContext`: the node's variable; the key of its published results. */
  readonly context: string;
  /** The node's display name. */
  readonly node: string;
  /** The table whose rules it checks; null for rules on a node. */
  readonly table: string | null;
  readonly action: QualityAction;
  readonly ruleset: string;
  /** Where it writes quarantined rows (data-bucket prefix, also in writeLocations); null unless action quarantine. */
  readonly quarantine: string | null;
  /** The tables its passed rows go on to (its own table, or those the job writes downstream of a node's rules). */
  readonly feeds: readonly string[];
}

export interface RenderedJob {
  readonly name: string;
  readonly description?: string;
  /** DSL file the job came from, relative to the repo root. */
  readonly sourceFile: string;
  /** File name of the script inside `generated/<stack>/`, e.g. `orders_landing_to_trusted.py`. */
  readonly scriptFile: string;
  readonly script: string;
  /** Catalog tables read (through the catalog or as landing data) and written. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /** S3 prefixes read and written, for least-privilege IAM. Rejected-record prefixes are writes. */
  readonly readLocations: readonly S3Location[];
  readonly writeLocations: readonly S3Location[];
  /**
   * Where each typed JSON read keeps the lines it rejects (also in writeLocations); `table` is null for S3 JSON paths.
   */
  readonly rejectedLocations: readonly { readonly table: string | null; readonly prefix: string }[];
  /** Jobs that must succeed before this one runs. */
  readonly upstreamJobs: readonly string[];
  /** Its data-quality checks, in script order. */
  readonly quality: readonly RenderedQualityCheck[];
  /**
   * Arguments the script reads with getResolvedOptions besides JOB_NAME (which Glue always passes), from
   * scriptArguments(): infra/ sets them as the Glue job's default arguments, the local runner and the job unit
   * tests pass them on the command line, each supplying the argument's `place` value by name.
   */
  readonly arguments: readonly RenderedArgument[];
  /**
   * True when every source is one Glue bookmarks really track (a catalog read of a table that is only
   * appended to) and every sink appends; only then may the job run with bookmarks (src/render/bookmarks.ts).
   */
  readonly bookmarkSafe: boolean;
  /** Why the job runs without bookmarks, one reason per line; empty when bookmarkSafe. */
  readonly bookmarkBlockers: readonly string[];
  /** Glue `--datalake-formats` the job needs: `iceberg` when it reads or writes an Iceberg table. */
  readonly datalakeFormats: readonly DatalakeFormat[];
  /** Its sinks, in script order: what each writes and the catalog calls it makes (infra/ and permissions/ read it). */
  readonly sinks: readonly RenderedSink[];
}

/** A table format's Glue `--datalake-formats` value (src/table-formats/: `iceberg`). */
export type DatalakeFormat = string;

/**
 * A sink of a job, as its table's format writes it. `catalogUpdate` is the format's rule for the catalog calls the
 * sink makes on its table: `none` (an unpartitioned Glue S3 sink: the table is Pulumi's and left alone),
 * `partitions` (a partitioned Glue S3 sink looks the table up and adds its new partitions), or `commits` (Iceberg:
 * the job creates the table on its first run and commits to it).
 */
export interface RenderedSink {
  readonly node: string;
  readonly table: string;
  readonly mode: "overwrite" | "append" | "merge";
  readonly partitionKeys: readonly string[];
  readonly catalogUpdate: "none" | "partitions" | "commits";
}

export interface GeneratedFile {
  /** Path relative to the repo root, e.g. `generated/dev/orders_landing_to_trusted.py`. */
  readonly path: string;
  readonly content: string;
}

export interface RenderedPipeline {
  readonly name: string;
  readonly stack: string;
  /** The stack qualified by its project once (`sales-dev`, `shop-dev`): every physical and local name starts so. */
  readonly qualifiedStack: string;
  /** The stack's AWS Glue version (`lakehouse:glueVersion`). */
  readonly glueVersion: GlueVersion;
  /** The project's options for this stack (`<project>:<key>` in the stack file), opaque to the engine. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly database: string;
  /** The project's synthetic landing data generator (a Python file, relative to the repo root), if it has one. */
  readonly synthetic?: string;
  /** Jobs in lineage order. */
  readonly jobs: readonly RenderedJob[];
  readonly tables: readonly RenderedTable[];
  /** Every file under `generated/<stack>/`, in a stable order. */
  readonly files: readonly GeneratedFile[];
}
