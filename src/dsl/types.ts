/**
 * The DSL's data model. Everything downstream (validation, rendering, infra, the local run)
 * is a pure function of these values, so they stay plain data: no classes, no Pulumi, no I/O.
 */

export const ZONES = ["landing", "trusted", "curated"] as const;
export type Zone = (typeof ZONES)[number];

export const FORMATS = ["json", "parquet", "iceberg"] as const;
export type Format = (typeof FORMATS)[number];

export const SIMPLE_GLUE_TYPES = ["string", "bigint", "int", "double", "float", "boolean", "date", "timestamp"] as const;
export type SimpleGlueType = (typeof SIMPLE_GLUE_TYPES)[number];
/** A Glue Data Catalog column type; also the Spark SQL simpleString of the same type. */
export type GlueType = SimpleGlueType | `decimal(${number},${number})`;

/** Tags travel with a column through every transform, so a profile can act on them (e.g. drop PII). */
export type ColumnTag = "pii";

export interface Column {
  /** Catalog name: a lower-case identifier. */
  readonly name: string;
  readonly type: GlueType;
  /** The JSON key in landing files, when it differs from the catalog name (e.g. camelCase). */
  readonly jsonKey?: string;
  readonly tags?: readonly ColumnTag[];
  readonly comment?: string;
}

export interface TableDef {
  readonly name: string;
  readonly entity: string;
  readonly zone: Zone;
  readonly format: Format;
  /** Declared for landing tables; derived tables get theirs from schema inference. */
  readonly columns?: readonly Column[];
  readonly description?: string;
}

export type Literal = string | number | boolean | bigint;
export type Operand = { readonly column: string } | { readonly literal: Literal };

export const COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Structured predicates with SQL three-valued logic: a row is kept only when the predicate is TRUE. */
export type Predicate =
  | { readonly op: "isNull" | "isNotNull"; readonly column: string }
  | { readonly op: Comparison; readonly column: string; readonly right: Operand }
  | { readonly op: "and" | "or"; readonly args: readonly Predicate[] }
  | { readonly op: "not"; readonly arg: Predicate };

export const JOIN_TYPES = ["inner", "left", "semi", "anti"] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

export interface Mapping {
  readonly from: string;
  readonly to: string;
  /** Target type; omitted means "keep the source type". */
  readonly type?: GlueType;
}

export type SourceSpec =
  | { readonly kind: "catalog"; readonly table: string }
  | { readonly kind: "s3Json"; readonly path: string; readonly columns: readonly Column[] };

export interface WriteMode {
  readonly mode: "overwrite" | "append";
  readonly partitionKeys: readonly string[];
}

interface NodeCommon {
  /** Display name: becomes `# Script generated for node <name>` and the stable variable name. */
  readonly name: string;
  /** Index of this node in its job, used only to point at it in error messages. */
  readonly index: number;
}

export type NodeDef =
  | (NodeCommon & { readonly kind: "source"; readonly source: SourceSpec })
  | (NodeCommon & { readonly kind: "filter"; readonly input: string; readonly predicate: Predicate })
  | (NodeCommon & {
      readonly kind: "join";
      readonly input: string;
      readonly right: string;
      readonly type: JoinType;
      readonly on: readonly (readonly [string, string])[];
      /** Prefix for right-hand columns whose names collide with left-hand ones (inner and left joins). */
      readonly rightPrefix?: string;
    })
  | (NodeCommon & { readonly kind: "select"; readonly input: string; readonly columns: readonly string[] })
  | (NodeCommon & {
      readonly kind: "drop";
      readonly input: string;
      readonly columns: readonly string[];
      /** Also drop every column carrying this tag, resolved during schema inference. */
      readonly tagged?: ColumnTag;
    })
  | (NodeCommon & { readonly kind: "applyMapping"; readonly input: string; readonly mappings: readonly Mapping[]; readonly keepUnmapped: boolean })
  | (NodeCommon & { readonly kind: "dropDuplicates"; readonly input: string; readonly keys?: readonly string[] })
  | (NodeCommon & {
      readonly kind: "sql";
      /** alias → node name: each input becomes a temp view of that alias. */
      readonly inputs: Readonly<Record<string, string>>;
      readonly query: string;
      readonly columns: readonly Column[];
    })
  | (NodeCommon & { readonly kind: "sink"; readonly input: string; readonly table: string; readonly write: WriteMode });

export type NodeKind = NodeDef["kind"];

export interface JobDef {
  readonly name: string;
  readonly description?: string;
  /** The DSL file the job came from, relative to the repo root; named in the generated script's header. */
  readonly file: string;
  readonly nodes: readonly NodeDef[];
}

export interface PipelineDef {
  readonly name: string;
  readonly tables: readonly TableDef[];
  readonly jobs: readonly JobDef[];
}
