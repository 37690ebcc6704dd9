/** Glue Data Catalog and Athena want lower-case identifiers for databases, tables and columns. */
export const CATALOG_NAME = /^[a-z_][a-z0-9_]*$/;
export const CATALOG_NAME_MAX = 255;
/** Job names also name files and Glue jobs, so they follow the same rule. */
export const JOB_NAME = /^[a-z][a-z0-9_]*$/;
/** SQL temp-view aliases are case-insensitive in Spark, so mixed case is fine, punctuation is not. */
export const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Display names end up in `# Script generated for node …` comments, so they must be one line:
 * no control characters (C0, C1, DEL) and no Unicode line or paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const FORBIDDEN_IN_DISPLAY = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
export const DISPLAY_NAME_MAX = 120;

export function catalogNameProblem(name: string): string | undefined {
  if (!CATALOG_NAME.test(name)) return "must be a lower-case identifier: a-z, 0-9 and _, not starting with a digit";
  if (name.length > CATALOG_NAME_MAX) return `must be at most ${CATALOG_NAME_MAX} characters`;
  return undefined;
}

export function displayNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "must not be empty";
  if (FORBIDDEN_IN_DISPLAY.test(name)) return "must be a single line without control characters";
  if (/[\uD800-\uDFFF]/u.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")))
    return "must be valid Unicode (it holds a lone surrogate)";
  if (name.length > DISPLAY_NAME_MAX) return `must be at most ${DISPLAY_NAME_MAX} characters`;
  return undefined;
}

/** A catalog-like suggestion for a bad name: lower-case, with punctuation turned into underscores. */
export function suggestCatalogName(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(s) ? `_${s}` : s || "name";
}
