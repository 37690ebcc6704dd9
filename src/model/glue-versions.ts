/**
 * The AWS Glue versions a stack may run (`lakehouse:glueVersion`), and the facts about each that the engine acts on.
 * The config validates against this list, the renderer writes the stack's version into `pipeline.json` (the local
 * runner picks its runtime by it), and infra/jobs.ts sets each job's `glueVersion` and the arguments that differ.
 * Sources: the AWS pages "Migrating AWS Glue for Spark jobs to AWS Glue version 5.0 / 5.1 / 6.0"
 * (docs.aws.amazon.com/glue/latest/dg/migrating-version-50.html, -51.html, -60.html); see
 * docs/decisions/glue-version-per-stack.md.
 */

export const GLUE_VERSIONS = ["5.0", "5.1", "6.0"] as const;
export type GlueVersion = (typeof GLUE_VERSIONS)[number];

/**
 * What a stack that does not set `lakehouse:glueVersion` runs: the newest version whose whole local runtime (Spark
 * 3.5, Deequ for data quality) is reproducible from the package registries (docs/decisions/glue-version-per-stack.md).
 */
export const DEFAULT_GLUE_VERSION: GlueVersion = "5.1";

export interface GlueVersionFacts {
  readonly spark: string;
  readonly python: string;
  /**
   * The connector behind `s3://` paths. 5.0 uses EMRFS; "S3A filesystem has replaced EMRFS as the default S3
   * connector" in 5.1, and in 6.0 "EMRFS has been removed. S3A is the only S3 filesystem".
   */
  readonly s3Connector: "emrfs" | "s3a";
  /** Spark's default for `spark.sql.ansi.enabled`: 6.0's Spark 4.1 turns it on ("ANSI mode is ON by default"). */
  readonly ansiByDefault: boolean;
}

export const GLUE_VERSION_FACTS: Readonly<Record<GlueVersion, GlueVersionFacts>> = {
  "5.0": { spark: "3.5.4", python: "3.11", s3Connector: "emrfs", ansiByDefault: false },
  "5.1": { spark: "3.5.6", python: "3.11", s3Connector: "s3a", ansiByDefault: false },
  "6.0": { spark: "4.1.1", python: "3.13", s3Connector: "s3a", ansiByDefault: true },
};

/** `5.0` < `5.1` < `6.0`, compared as numbers so `6.1` (when it is added) sorts after `6.0`. */
export const glueVersionAtLeast = (version: string, minimum: string): boolean =>
  Number.parseFloat(version) >= Number.parseFloat(minimum);
