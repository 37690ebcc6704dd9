/** Athena DDL for landing tables: the JSON SerDe with every JSON field typed. */
import type { CompiledTemplate } from "./handlebars";
import type { RenderedTable } from "./types";

export function landingDdl(template: CompiledTemplate, t: RenderedTable, target: { stack: string; database: string }): string {
  const keys = t.columns.map((c) => c.jsonKey ?? c.name);
  // The OpenX SerDe matches keys case-insensitively, so only keys that differ by more than case need a mapping.
  const mappings = t.columns.filter((c) => c.jsonKey !== undefined && c.jsonKey.toLowerCase() !== c.name).map((c) => ({ key: `mapping.${c.name}`, value: c.jsonKey! }));
  return template({
    sourceFile: `the DSL table ${t.name}`,
    stack: target.stack,
    database: target.database,
    table: t.name,
    prefix: t.prefix,
    description: t.description ?? null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment ?? null })),
    serdeProperties: [{ key: "paths", value: keys.join(",") }, ...mappings],
  });
}
