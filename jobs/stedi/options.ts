/**
 * The options the STEDI pipeline is built with, each one spec. Stacks set them in the project's namespace
 * (`stedi:privacy`, `stedi:tableFormat`); the engine parses them with these specs and knows nothing else of them.
 */
import { option, type OptionValues } from "../../src/dsl";

export const PRIVACY_PROFILES = ["standard", "strict"] as const;
export type Privacy = (typeof PRIVACY_PROFILES)[number];

/**
 * Storage of the trusted and curated tables (landing stays JSON lines). See
 * docs/decisions/iceberg-tables-and-incremental-runs.md.
 */
export const TABLE_FORMATS = ["parquet", "iceberg"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const STEDI_OPTIONS = {
  /**
   * `standard` follows the seed project. `strict` keeps only readings taken at or after a customer's
   * research consent and removes PII from the machine-learning table.
   */
  privacy: option.enum(
    PRIVACY_PROFILES,
    "standard",
    "Privacy profile the jobs are rendered with; `strict` keeps only readings taken after consent and removes PII from the ML table.",
  ),
  /**
   * `parquet` (default): every run recomputes every table. `iceberg`: trusted and curated tables are
   * Iceberg tables; customer_landing_to_trusted reads only new landing files and merges them on
   * serialnumber; the other jobs recompute, atomically, and only when their inputs changed.
   */
  tableFormat: option.enum(
    TABLE_FORMATS,
    "parquet",
    "Format of the trusted and curated tables. iceberg: atomic overwrites, the customer landing job ingests only new landing files (exactly once), and jobs whose inputs did not change commit nothing.",
  ),
};

export type StediOptions = OptionValues<typeof STEDI_OPTIONS>;

/** What the pipeline functions take: the privacy profile, and the table format (parquet when not given). */
export type StediPipelineOptions = Pick<StediOptions, "privacy"> & Partial<Pick<StediOptions, "tableFormat">>;
