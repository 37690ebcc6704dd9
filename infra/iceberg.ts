/**
 * Iceberg on Glue 5.0, as "Using the Iceberg framework in AWS Glue" describes it: the job parameter
 * `--datalake-formats iceberg` (Glue puts its Iceberg 1.7.1 jars on the classpath) and a `--conf` that
 * defines the `glue_catalog` Spark catalog the generated scripts name: Iceberg's SparkCatalog over the
 * Glue Data Catalog (GlueCatalog) with S3FileIO. The local runner defines the same catalog name as an
 * Iceberg JdbcCatalog on SQLite (runtime/lakehouse/iceberg_catalog.py); only the catalog implementation differs.
 *
 * Iceberg tables are not Pulumi resources: the job that writes a table creates it through GlueCatalog
 * on its first run and moves its `metadata_location` on every commit. See
 * docs/decisions/iceberg-tables-and-incremental-runs.md for why (perpetual diffs and broken tables
 * with `openTableFormatInput`).
 */
import type { RenderedJob } from "../src/render/types";

/** The Spark catalog name the generated scripts use for Iceberg tables. */
export const ICEBERG_CATALOG = "glue_catalog";

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

/**
 * The job parameters a job that reads or writes Iceberg tables needs; none for other jobs. Every
 * table gets an explicit location under its zone prefix, so the warehouse is only GlueCatalog's
 * required default and holds nothing.
 */
export function icebergJobArguments(
  job: Pick<RenderedJob, "datalakeFormats">,
  dataBucket: string,
): Record<string, string> {
  if (!job.datalakeFormats.includes("iceberg")) return {};
  return { "--datalake-formats": "iceberg", "--conf": icebergSparkConf(`s3://${dataBucket}/iceberg-warehouse/`) };
}
