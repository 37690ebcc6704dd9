/**
 * Parquet tables: Glue's S3 sink with `glueparquet`, declared in the catalog by Pulumi. Parquet cannot merge, so
 * it keeps a `merge` table by recomputing it (every run reads all of its input and overwrites the table).
 * `useGlueParquetWriter = true`: the Glue docs ("Updating the schema, and adding new partitions") require it on
 * an existing parquet table before a catalog-updating sink writes to it.
 */
import type { TableFormatModule } from "./format";
import { GLUE_S3_FORMAT, glueSinkView, setFormatArguments } from "./glue-s3";

export const parquet: TableFormatModule = {
  ...GLUE_S3_FORMAT,
  name: "parquet",
  title: "parquet",
  landing: false,
  keepsNote: "parquet cannot merge, so a merge table is recomputed: every run reads all of its input",
  storage: () => ({
    classification: "parquet",
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    serdeParameters: [["serialization.format", "1"]],
    tableParameters: [
      ["classification", "parquet"],
      ["EXTERNAL", "TRUE"],
      ["useGlueParquetWriter", "true"],
    ],
  }),
  sinkView: (d, ctx, location) =>
    glueSinkView(d, ctx, location, setFormatArguments("glueparquet", { compression: "snappy" })),
};
