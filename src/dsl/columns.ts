/** Checks on declared columns and S3 paths, shared by table declarations and the node kinds that declare columns. */
import { catalogNameProblem, suggestCatalogName } from "./names";
import type { Problem } from "./problems";
import { SIMPLE_GLUE_TYPES, type Column, type GlueType } from "./types";

export type FieldProblem = Omit<Problem, "job" | "node"> & { field: string };

/** The fix text for an unsupported type, listing what is supported. */
export const GLUE_TYPE_FIX = `Use ${SIMPLE_GLUE_TYPES.join(", ")} or decimal(p,s).`;

export function checkColumns(columns: readonly Column[], report: (p: FieldProblem) => void) {
  const seen = new Set<string>();
  for (const c of columns) {
    const bad = catalogNameProblem(c.name);
    if (bad) report({ code: "invalid-name", field: c.name, message: `column name ${bad}.`, fix: `Rename it, e.g. to ${JSON.stringify(suggestCatalogName(c.name))}${c.jsonKey === undefined ? `, and keep the original as \`jsonKey: ${JSON.stringify(c.name)}\`` : ""}.` });
    if (seen.has(c.name)) report({ code: "duplicate-name", field: c.name, message: "two columns have this name.", fix: "Give each column a unique name." });
    seen.add(c.name);
    if (!isGlueType(c.type)) report({ code: "type-mismatch", field: c.name, message: `type ${JSON.stringify(c.type)} is not a supported Glue type.`, fix: GLUE_TYPE_FIX });
    if (c.jsonKey !== undefined && c.jsonKey === "") report({ code: "invalid-name", field: c.name, message: "jsonKey is empty.", fix: "Remove jsonKey or set it to the JSON field's key." });
  }
}

export function isGlueType(t: string): t is GlueType {
  if ((SIMPLE_GLUE_TYPES as readonly string[]).includes(t)) return true;
  const m = /^decimal\((\d{1,2}),(\d{1,2})\)$/.exec(t);
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= 38 && Number(m[2]) <= Number(m[1]);
}

const NUMERIC = new Set(["int", "bigint", "double", "float"]);
const INTEGRAL = new Set(["int", "bigint"]);
export const isNumeric = (t: GlueType) => NUMERIC.has(t) || t.startsWith("decimal(");
export const isIntegral = (t: GlueType) => INTEGRAL.has(t);
export const isTemporal = (t: GlueType) => t === "date" || t === "timestamp";

/** Paths are IAM resources too, so wildcard and policy-variable characters are refused. */
export function s3PathProblem(path: string): string | undefined {
  const key = path.startsWith("s3://") ? path.slice(5).split("/").slice(1).join("/") : path;
  if (path.startsWith("s3://") && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\//.test(path)) return "does not start with a valid bucket name";
  if (!key || !key.endsWith("/")) return "must be a key prefix ending in /";
  if (key.startsWith("/") || key.split("/").some((s) => s === "." || s === "..")) return "must not start with / or contain . or .. segments";
  if (/[*?$\u0000-\u001f\u007f]/u.test(key)) return "contains *, ?, $ or a control character, which IAM policies or S3 tools would misread";
  if (/[\uD800-\uDFFF]/u.test(key.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))) return "is not valid Unicode";
  return undefined;
}
