/**
 * Iceberg on Glue 5.0: the job parameters and the `glue_catalog` Spark catalog are the Iceberg format's
 * (src/table-formats/iceberg.ts); infra passes them on. Iceberg tables are not Pulumi resources: the job that
 * writes a table creates it through GlueCatalog on its first run and moves its `metadata_location` on every
 * commit. See docs/decisions/iceberg-tables-and-incremental-runs.md for why (perpetual diffs and broken tables
 * with `openTableFormatInput`).
 */
export { ICEBERG_CATALOG, icebergSparkConf } from "../src/table-formats/iceberg";
