/**
 * The registry of table formats: format name → its module (`format.ts` says what a module decides). A new format
 * is one module, its templates, one line here and its name in `FORMATS`; `registerTableFormat` adds one at run time
 * (tests, extensions).
 */
import type { Format } from "../model/types";
import type { TableFormats } from "../nodes/kind";
import type { TableFormatModule } from "./format";
import { iceberg } from "./iceberg";
import { json } from "./json";
import { parquet } from "./parquet";

/** One line per built-in format; the type makes it name exactly the formats `FORMATS` (src/model/types.ts) lists. */
const BUILT_IN: { readonly [F in Format]: TableFormatModule } = {
  json,
  parquet,
  iceberg,
};

const REGISTRY = new Map<string, TableFormatModule>(Object.values(BUILT_IN).map((m) => [m.name, m]));

/** The module of a registered format, or undefined (validation reports an unknown format). */
export const findTableFormat = (name: string): TableFormatModule | undefined => REGISTRY.get(name);

/** The module of a format validation has accepted. */
export function tableFormat(name: string): TableFormatModule {
  const m = REGISTRY.get(name);
  if (!m) throw new Error(`Table format ${JSON.stringify(name)} is not registered (${tableFormatNames().join(", ")}).`);
  return m;
}

export const tableFormatNames = (): string[] => [...REGISTRY.keys()];
export const tableFormats = (): TableFormatModule[] => [...REGISTRY.values()];

/** The registry as the node kinds see it: the compiler and the renderer pass it in their contexts. */
export const TABLE_FORMATS: TableFormats = { find: findTableFormat, get: tableFormat, all: tableFormats };

/** Registers a format beside the built-in ones; returns a function that removes it again. */
export function registerTableFormat(m: TableFormatModule): () => void {
  if (REGISTRY.has(m.name)) throw new Error(`Table format ${JSON.stringify(m.name)} is already registered.`);
  REGISTRY.set(m.name, m);
  return () => void REGISTRY.delete(m.name);
}

/**
 * The Glue job parameters a job needs for the formats of the tables it reads and writes. Two data-lake formats in
 * one job would each set `--datalake-formats` and `--conf`, which need combining; that is refused until one does.
 */
export function formatJobArguments(datalakeFormats: readonly string[], dataBucket: string): Record<string, string> {
  const used = tableFormats().filter((m) => m.datalakeFormat !== null && datalakeFormats.includes(m.datalakeFormat));
  if (used.length > 1)
    throw new Error(
      `A job uses the data-lake formats ${used.map((m) => m.name).join(" and ")}; their Glue job parameters cannot be combined yet. Keep each job's tables to one of them.`,
    );
  return { ...used[0]?.jobArguments(dataBucket) };
}

export type {
  KeptKind,
  SinkCatalogUpdate,
  StorageFormat,
  StoredTable,
  TableFormatModule,
  WriteModeName,
} from "./format";
export { KEPT_MODE, WRITE_MODES } from "./format";
