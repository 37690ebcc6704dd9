/**
 * Iceberg tables on Glue 5.0, as "Using the Iceberg framework in AWS Glue" describes it: the job parameter
 * `--datalake-formats iceberg` (Glue puts its Iceberg 1.7.1 jars on the classpath) and a `--conf` that defines the
 * `glue_catalog` Spark catalog the generated scripts name: Iceberg's SparkCatalog over the Glue Data Catalog
 * (GlueCatalog) with S3FileIO. The local runner defines the same catalog name as an Iceberg JdbcCatalog on SQLite
 * (runtime/lakehouse/iceberg_catalog.py); only the catalog implementation differs. The helper templates
 * (`templates/helpers/iceberg_write.py.hbs`, `new_landing_files.py.hbs`) are this format's and name it too.
 *
 * Writes are `writeIceberg`, one Iceberg commit each: overwrite (atomic replace), append, or merge on key columns
 * (MERGE INTO); the commit also records the landing files an incremental read ingested. Iceberg tables are not
 * Pulumi resources: the job that writes a table creates it through GlueCatalog on its first run and moves its
 * `metadata_location` on every commit (perpetual diffs and broken tables with `openTableFormatInput` otherwise).
 * See docs/decisions/iceberg-tables-and-incremental-runs.md.
 */
import { pathExpression, predicateExpression } from "../model/pyspark";
import { incrementalSources, landingFilesVariable } from "../nodes/sink";
import type { TableFormatModule } from "./format";

/** The Spark catalog name the generated scripts use for Iceberg tables. */
export const ICEBERG_CATALOG = "glue_catalog";

/** Replaced in the rendered script by a hash of the script, so a changed job always recomputes. */
export const SCRIPT_VERSION_PLACEHOLDER = "@@SCRIPT_VERSION@@";

/** Glue's `--conf` takes one value: the first setting bare, every further one after ` --conf `. */
export function icebergSparkConf(warehouseUri: string): string {
  const settings = [
    "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
    `spark.sql.catalog.${ICEBERG_CATALOG}=org.apache.iceberg.spark.SparkCatalog`,
    `spark.sql.catalog.${ICEBERG_CATALOG}.warehouse=${warehouseUri}`,
    `spark.sql.catalog.${ICEBERG_CATALOG}.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog`,
    `spark.sql.catalog.${ICEBERG_CATALOG}.io-impl=org.apache.iceberg.aws.s3.S3FileIO`,
  ];
  return settings.join(" --conf ");
}

const MODE_COMMENTS = {
  overwrite:
    "Overwrite: one Iceberg commit replaces the table, so readers see the old table or the new one, never an empty one.",
  append: "Append: one Iceberg commit adds the rows.",
  merge: "Merge: rows matching on the keys are updated (or deleted), the rest inserted, in one Iceberg commit.",
} as const;

export const iceberg: TableFormatModule = {
  name: "iceberg",
  title: "Iceberg",
  landing: false,
  writeModes: ["overwrite", "append", "merge"],
  keeps: { recompute: "overwrite", append: "append", merge: "merge" },
  recordsIngestedFiles: true,
  bookmarkBlocker: (table) => `reads or writes Iceberg table ${table}, and bookmarks do not work with Iceberg`,
  sparkCatalog: ICEBERG_CATALOG,
  datalakeFormat: "iceberg",
  /**
   * Every table gets an explicit location under its zone prefix, so the warehouse is only GlueCatalog's required
   * default and holds nothing.
   */
  jobArguments: (dataBucket) => ({
    "--datalake-formats": "iceberg",
    "--conf": icebergSparkConf(`s3://${dataBucket}/iceberg-warehouse/`),
  }),
  storage: () => null,
  // Iceberg keeps its partitions in its own metadata, not in the catalog.
  catalogPartitions: false,
  sinkTemplates: ["nodes/iceberg_sink"],
  readTemplates: ["nodes/from_iceberg"],
  sinkCatalogUpdate: () => "commits",
  sinkView(d, ctx, location) {
    // An unchanged rerun can be skipped only when every input can be fingerprinted: Iceberg tables by
    // snapshot id, landing data by its file listing. Anything else (a parquet table) always recomputes.
    const tables: string[] = [];
    const landing: string[] = [];
    let knowable = true;
    for (const { io } of ctx.job.nodes) {
      for (const path of io.files)
        landing.push(
          pathExpression(
            path.startsWith("s3://") ? { bucket: "external", uri: path } : { bucket: "data", prefix: path },
          ),
        );
      for (const read of io.reads) {
        const t = ctx.pipeline.tables.get(read)!;
        if (t.def.zone === "landing") landing.push(pathExpression({ bucket: "data", prefix: t.prefix }));
        else if (t.def.format === "iceberg") tables.push(t.def.name);
        else knowable = false;
      }
    }
    const { mode } = d.write;
    return {
      partial: "nodes/iceberg_sink",
      helpers: ["helpers/iceberg_write"],
      name: d.name,
      input: ctx.variable(d.input),
      path: pathExpression(location),
      table: d.table,
      mode,
      modeComment: MODE_COMMENTS[mode],
      partitionKeys: d.write.partitionKeys,
      mergeKeys: d.write.keys ?? [],
      deleteWhen: d.write.deleteWhen ? predicateExpression(d.write.deleteWhen) : null,
      ingested: incrementalSources(ctx.job.def.nodes).map((n) => landingFilesVariable(ctx.variable(n.name))),
      inputs: mode === "overwrite" && knowable ? { tables, landing } : null,
      scriptVersion: SCRIPT_VERSION_PLACEHOLDER,
    };
  },
  readView: (_d, table) => ({ partial: "nodes/from_iceberg", catalog: `${ICEBERG_CATALOG}.`, table: table.def.name }),
};
