/**
 * Athena DDL for landing tables: every JSON field typed, in the storage format the catalog declares
 * (storage-format.ts).
 */
import type { CompiledTemplate } from "./handlebars";
import { storageFormat } from "./storage-format";
import type { RenderedTable } from "./types";

export function landingDdl(
  template: CompiledTemplate,
  t: RenderedTable,
  target: { stack: string; database: string },
): string {
  const format = storageFormat(t);
  const pairs = (entries: readonly (readonly [string, string])[]) => entries.map(([key, value]) => ({ key, value }));
  return template({
    sourceFile: `the DSL table ${t.name}`,
    stack: target.stack,
    database: target.database,
    table: t.name,
    prefix: t.prefix,
    description: t.description ?? null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment ?? null })),
    serde: format.serializationLibrary,
    serdeProperties: pairs(format.serdeParameters),
    inputFormat: format.inputFormat,
    outputFormat: format.outputFormat,
    // EXTERNAL is implied by CREATE EXTERNAL TABLE; Athena refuses it as a table property.
    tableProperties: pairs(format.tableParameters.filter(([key]) => key !== "EXTERNAL")),
  });
}
