/**
 * JSON-lines tables: every landing table, and derived tables that ask for it (Glue's S3 sink with `json`).
 * - The OpenX SerDe with `paths` listing the keys in the files: landing files keep their own (often camelCase)
 *   keys, the jobs' JSON sinks write catalog names. The SerDe matches keys case-insensitively, so only keys
 *   differing by more than case get a `mapping.<column>` rule.
 * - Landing tables set `ignore.malformed.json`: the SerDe's default (FALSE) makes one malformed line fail every
 *   Athena query on the table (HIVE_CURSOR_ERROR), and landing files do hold such lines (the jobs keep them under
 *   `rejected/`). Derived tables are written by Glue and never have one, so a malformed line there is corruption
 *   and should fail loudly.
 */
import type { Column } from "../model/types";
import type { StoredTable, TableFormatModule } from "./format";
import { GLUE_S3_FORMAT, glueSinkView, setFormatArguments } from "./glue-s3";

export const OPENX_JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

/** The key a column has in the table's files: landing files keep the JSON key, everything else the catalog name. */
export function fileKey(table: Pick<StoredTable, "zone">, c: Column): string {
  return table.zone === "landing" ? (c.jsonKey ?? c.name) : c.name;
}

export const json: TableFormatModule = {
  ...GLUE_S3_FORMAT,
  name: "json",
  title: "JSON",
  landing: true,
  keepsNote: "JSON tables cannot merge, so a merge table is recomputed: every run reads all of its input",
  storage(table) {
    const mappings = table.columns
      .filter((c) => fileKey(table, c).toLowerCase() !== c.name)
      .map((c) => [`mapping.${c.name}`, fileKey(table, c)] as const);
    return {
      classification: "json",
      inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      serializationLibrary: OPENX_JSON_SERDE,
      serdeParameters: [
        ["paths", table.columns.map((c) => fileKey(table, c)).join(",")],
        ...(table.zone === "landing" ? [["ignore.malformed.json", "TRUE"] as const] : []),
        ...mappings,
      ],
      tableParameters: [
        ["classification", "json"],
        ["EXTERNAL", "TRUE"],
      ],
    };
  },
  sinkView: (d, ctx, location) => glueSinkView(d, ctx, location, setFormatArguments("json")),
};
