import type { Privacy, TableFormat } from "../src/config/stack-config";

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
