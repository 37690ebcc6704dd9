/** Checks on declared columns and S3 paths, shared by table declarations and the node kinds that declare columns. */
import { catalogNameProblem, suggestCatalogName } from "./names";
import type { Problem } from "./problems";
import { SIMPLE_GLUE_TYPES, type Column, type GlueType } from "./types";

export type FieldProblem = Omit<Problem, "job" | "node"> & { field: string };

/** The fix text for an unsupported type, listing what is supported. */
export const GLUE_TYPE_FIX = `Use ${SIMPLE_GLUE_TYPES.join(", ")} or decimal(p,s), or struct(...) / array(...) for nested data (written without spaces, e.g. struct<city:string,zip:string>).`;

export function checkColumns(columns: readonly Column[], report: (p: FieldProblem) => void) {
  const seen = new Set<string>();
  for (const c of columns) {
    const bad = catalogNameProblem(c.name);
    if (bad)
      report({
        code: "invalid-name",
        field: c.name,
        message: `column name ${bad}.`,
        fix: `Rename it, e.g. to ${JSON.stringify(suggestCatalogName(c.name))}${c.jsonKey === undefined ? `, and keep the original as \`jsonKey: ${JSON.stringify(c.name)}\`` : ""}.`,
      });
    if (seen.has(c.name))
      report({
        code: "duplicate-name",
        field: c.name,
        message: "two columns have this name.",
        fix: "Give each column a unique name.",
      });
    seen.add(c.name);
    if (!isGlueType(c.type))
      report({
        code: "type-mismatch",
        field: c.name,
        message: `type ${JSON.stringify(c.type)} is not a supported Glue type.`,
        fix: GLUE_TYPE_FIX,
      });
    if (c.jsonKey !== undefined && c.jsonKey === "")
      report({
        code: "empty-json-key",
        field: c.name,
        message: "jsonKey is empty.",
        fix: "Remove jsonKey or set it to the JSON field's key.",
      });
  }
}

export function isGlueType(t: string): t is GlueType {
  return parseGlueType(t) !== undefined;
}

/** A Glue type as a tree: what nested types are made of. */
export type ParsedType =
  | { readonly kind: "simple"; readonly name: string }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "struct"; readonly fields: readonly { readonly name: string; readonly type: ParsedType }[] }
  | { readonly kind: "array"; readonly element: ParsedType };

const FIELD_NAME = /^[a-z_][a-z0-9_]*/;

/** Parses a Glue type in Spark's simpleString form, or undefined when it is not one we support. */
export function parseGlueType(t: string): ParsedType | undefined {
  const r = parseAt(t, 0);
  return r && r.end === t.length ? r.type : undefined;
}

function parseAt(t: string, i: number): { type: ParsedType; end: number } | undefined {
  const rest = t.slice(i);
  if (rest.startsWith("struct<")) {
    const fields: { name: string; type: ParsedType }[] = [];
    let j = i + 7;
    for (;;) {
      const name = FIELD_NAME.exec(t.slice(j))?.[0];
      if (!name || t[j + name.length] !== ":") return undefined;
      if (fields.some((f) => f.name === name)) return undefined;
      const inner = parseAt(t, j + name.length + 1);
      if (!inner) return undefined;
      fields.push({ name, type: inner.type });
      j = inner.end;
      if (t[j] === ",") j++;
      else if (t[j] === ">") return { type: { kind: "struct", fields }, end: j + 1 };
      else return undefined;
    }
  }
  if (rest.startsWith("array<")) {
    const inner = parseAt(t, i + 6);
    return inner && t[inner.end] === ">"
      ? { type: { kind: "array", element: inner.type }, end: inner.end + 1 }
      : undefined;
  }
  const d = /^decimal\((\d{1,2}),(\d{1,2})\)/.exec(rest);
  if (d) {
    const precision = Number(d[1]);
    const scale = Number(d[2]);
    return precision >= 1 && precision <= 38 && scale <= precision
      ? { type: { kind: "decimal", precision, scale }, end: i + d[0].length }
      : undefined;
  }
  const simple = /^[a-z]+/.exec(rest)?.[0];
  return simple && (SIMPLE_GLUE_TYPES as readonly string[]).includes(simple)
    ? { type: { kind: "simple", name: simple }, end: i + simple.length }
    : undefined;
}

/** True for struct and array types, which only some transforms handle. */
export const isNested = (t: GlueType) => t.startsWith("struct<") || t.startsWith("array<");

const NUMERIC = new Set(["int", "bigint", "double", "float"]);
const INTEGRAL = new Set(["int", "bigint"]);
export const isNumeric = (t: GlueType) => NUMERIC.has(t) || t.startsWith("decimal(");
export const isIntegral = (t: GlueType) => INTEGRAL.has(t);
export const isTemporal = (t: GlueType) => t === "date" || t === "timestamp";

/** A decimal type's precision and scale; undefined for any other type. */
export function decimalOf(t: GlueType): { precision: number; scale: number } | undefined {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(t);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined;
}

/** decimal(precision,scale) with both bounded at 38, as Spark's DecimalType.bounded does. */
export const boundedDecimal = (precision: number, scale: number): GlueType =>
  `decimal(${Math.min(38, precision)},${Math.min(38, scale)})`;

const INTEGRAL_DIGITS: Record<string, number> = { int: 10, bigint: 20 };
const NUMERIC_ORDER: readonly GlueType[] = ["int", "bigint", "float", "double"];

/**
 * The wider of two numeric types, as Spark's TypeCoercion finds it (union, coalesce, arithmetic operands):
 * int < bigint < float < double; an integer meets a decimal as decimal(10,0) (int) or decimal(20,0) (bigint), and a
 * float or double makes a double; two decimals keep the larger scale and the larger count of integer digits.
 * `precision` is the digits that decimal needs: past 38 Spark bounds `type`, cutting integer digits.
 */
export function widerNumericType(a: GlueType, b: GlueType): { type: GlueType; precision?: number } {
  if (a === b) return { type: a };
  const da = decimalOf(a);
  const db = decimalOf(b);
  if (da || db) {
    const pa = da ?? (INTEGRAL_DIGITS[a] ? { precision: INTEGRAL_DIGITS[a], scale: 0 } : undefined);
    const pb = db ?? (INTEGRAL_DIGITS[b] ? { precision: INTEGRAL_DIGITS[b], scale: 0 } : undefined);
    if (!pa || !pb) return { type: "double" };
    const scale = Math.max(pa.scale, pb.scale);
    const precision = Math.max(pa.precision - pa.scale, pb.precision - pb.scale) + scale;
    return { type: boundedDecimal(precision, scale), precision };
  }
  return { type: NUMERIC_ORDER[Math.max(NUMERIC_ORDER.indexOf(a), NUMERIC_ORDER.indexOf(b))]! };
}

/** Paths are IAM resources too, so wildcard and policy-variable characters are refused. */
export function s3PathProblem(path: string): string | undefined {
  const key = path.startsWith("s3://") ? path.slice(5).split("/").slice(1).join("/") : path;
  if (path.startsWith("s3://") && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\//.test(path))
    return "does not start with a valid bucket name";
  if (!key || !key.endsWith("/")) return "must be a key prefix ending in /";
  if (key.startsWith("/") || key.split("/").some((s) => s === "." || s === ".."))
    return "must not start with / or contain . or .. segments";
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  if (/[*?$\u0000-\u001f\u007f]/u.test(key))
    return "contains *, ?, $ or a control character, which IAM policies or S3 tools would misread";
  if (/[\uD800-\uDFFF]/u.test(key.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))) return "is not valid Unicode";
  return undefined;
}
