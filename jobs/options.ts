/**
 * The options the STEDI pipeline is built with. They are the pipeline's own, so they live here; the stack
 * configuration (src/config) reads each stack's values for them from Pulumi.<stack>.yaml.
 */

export const PRIVACY_PROFILES = ["standard", "strict"] as const;
export type Privacy = (typeof PRIVACY_PROFILES)[number];

/**
 * Storage of the trusted and curated tables (landing stays JSON lines). See
 * docs/decisions/iceberg-tables-and-incremental-runs.md.
 */
export const TABLE_FORMATS = ["parquet", "iceberg"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface StediOptions {
  /**
   * `standard` follows the seed project. `strict` keeps only readings taken at or after a customer's
   * research consent and removes PII from the machine-learning table.
   */
  readonly privacy: Privacy;
  /**
   * `parquet` (default): every run recomputes every table. `iceberg`: trusted and curated tables are
   * Iceberg tables; customer_landing_to_trusted reads only new landing files and merges them on
   * serialnumber; the other jobs recompute, atomically, and only when their inputs changed.
   */
  readonly tableFormat?: TableFormat;
}
