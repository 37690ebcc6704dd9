/**
 * docs/reference/expressions.md, generated from one entry per builder of `e` and per predicate builder. The entries
 * are typed by the builders' own names, so a builder without its entry does not compile, and the page cannot drift
 * (tests/expressions-reference.spec.ts compares the committed file with this text).
 */
import type { e } from "./expr";
import type * as predicates from "./predicates";

/** Where the page lives, from the repository root. */
export const EXPRESSIONS_REFERENCE_PATH = "docs/reference/expressions.md";

export interface BuilderDoc {
  /** The family the reference groups it under. */
  readonly family: string;
  /** An example call. */
  readonly call: string;
  /** The PySpark it renders as. */
  readonly renders: string;
  /** Its type, and what NULL does. */
  readonly type: string;
}

type PredicateBuilder = Exclude<keyof typeof predicates, "col" | "predicateColumns">;

export const EXPR_DOCS: { readonly [K in keyof typeof e]: BuilderDoc } = {
  col: { family: "values", call: 'e.col("price")', renders: 'F.col("price")', type: "the column's" },
  lit: {
    family: "values",
    call: "e.lit(0.2)",
    renders: "F.lit(0.2)",
    type: "int (bigint beyond 32 bits), double, string or boolean",
  },
  null: { family: "values", call: 'e.null("string")', renders: 'F.lit(None).cast("string")', type: "the type named" },
  add: {
    family: "arithmetic",
    call: "e.add(a, b)",
    renders: "(a + b)",
    type: "the wider number type; NULL if a side is",
  },
  sub: { family: "arithmetic", call: "e.sub(a, b)", renders: "(a - b)", type: "the wider number type" },
  mul: {
    family: "arithmetic",
    call: "e.mul(a, b)",
    renders: "(a * b)",
    type: "the wider number type (decimals: cast first)",
  },
  div: { family: "arithmetic", call: "e.div(a, b)", renders: "(a / b)", type: "double (decimals: cast first)" },
  round: {
    family: "numbers",
    call: "e.round(x, 2)",
    renders: "F.round(x, 2)",
    type: "x's type, half away from zero (2.5 → 3); decimal(p,s) → decimal(p-s+1+k,k), k = min(s, max(n, 0))",
  },
  abs: { family: "numbers", call: "e.abs(x)", renders: "F.abs(x)", type: "x's type" },
  floor: {
    family: "numbers",
    call: "e.floor(x)",
    renders: "F.floor(x)",
    type: "bigint; decimal(p,s) → decimal(p-s+1,0)",
  },
  ceil: { family: "numbers", call: "e.ceil(x)", renders: "F.ceil(x)", type: "bigint; decimal(p,s) → decimal(p-s+1,0)" },
  eq: { family: "comparisons", call: "e.eq(a, b)", renders: "(a == b)", type: "boolean; NULL if a side is NULL" },
  ne: { family: "comparisons", call: "e.ne(a, b)", renders: "(a != b)", type: "boolean; NULL if a side is NULL" },
  lt: { family: "comparisons", call: "e.lt(a, b)", renders: "(a < b)", type: "boolean; NULL if a side is NULL" },
  le: { family: "comparisons", call: "e.le(a, b)", renders: "(a <= b)", type: "boolean; NULL if a side is NULL" },
  gt: { family: "comparisons", call: "e.gt(a, b)", renders: "(a > b)", type: "boolean; NULL if a side is NULL" },
  ge: { family: "comparisons", call: "e.ge(a, b)", renders: "(a >= b)", type: "boolean; NULL if a side is NULL" },
  isIn: {
    family: "comparisons",
    call: 'e.isIn(x, ["a", "b"])',
    renders: 'x.isin(F.lit("a"), F.lit("b"))',
    type: "boolean; NULL if x is NULL (SQL IN), so not(isIn) is NULL too",
  },
  and: {
    family: "logic",
    call: "e.and(p, q)",
    renders: "(p & q)",
    type: "boolean, three-valued (FALSE wins over NULL)",
  },
  or: { family: "logic", call: "e.or(p, q)", renders: "(p | q)", type: "boolean, three-valued (TRUE wins over NULL)" },
  not: { family: "logic", call: "e.not(p)", renders: "~p", type: "boolean; NULL stays NULL" },
  isNull: { family: "logic", call: "e.isNull(x)", renders: "x.isNull()", type: "boolean, never NULL" },
  isNotNull: { family: "logic", call: "e.isNotNull(x)", renders: "x.isNotNull()", type: "boolean, never NULL" },
  upper: { family: "text", call: "e.upper(s)", renders: "F.upper(s)", type: "string" },
  lower: { family: "text", call: "e.lower(s)", renders: "F.lower(s)", type: "string" },
  trim: { family: "text", call: "e.trim(s)", renders: "F.trim(s)", type: "string (spaces only)" },
  length: { family: "text", call: "e.length(s)", renders: "F.length(s)", type: "int, in characters" },
  concat: {
    family: "text",
    call: 'e.concat(a, "-", b)',
    renders: 'F.concat(a, F.lit("-"), b)',
    type: "string; NULL if a part is",
  },
  substring: {
    family: "text",
    call: "e.substring(s, 1, 3)",
    renders: "F.substring(s, 1, 3)",
    type: "string; 1-based start",
  },
  like: {
    family: "text",
    call: 'e.like(s, "A%")',
    renders: 'x.like("A%")',
    type: "boolean: `%` any text, `_` one character, `\\` escapes only those and itself",
  },
  rlike: {
    family: "text",
    call: 'e.rlike(s, "^[A-Z]{2}$")',
    renders: 'x.rlike("^[A-Z]{2}$")',
    type: "boolean: a Java regular expression found anywhere in s",
  },
  size: {
    family: "arrays",
    call: "e.size(arr)",
    renders: "F.array_size(arr)",
    type: "int; NULL for a NULL array whatever the ANSI mode (F.size would give -1)",
  },
  contains: {
    family: "arrays",
    call: 'e.contains(arr, "x")',
    renders: 'F.array_contains(arr, F.lit("x"))',
    type: "boolean; NULL for a NULL array, or a miss in an array holding NULL",
  },
  elementAt: {
    family: "arrays",
    call: "e.elementAt(arr, 1)",
    renders: "F.try_element_at(arr, F.lit(1))",
    type: "the element's; 1-based, negative from the end, NULL out of range whatever the ANSI mode; 0 refused",
  },
  year: { family: "dates and times", call: "e.year(d)", renders: "F.year(d)", type: "int" },
  month: { family: "dates and times", call: "e.month(d)", renders: "F.month(d)", type: "int" },
  dayofmonth: { family: "dates and times", call: "e.dayofmonth(d)", renders: "F.dayofmonth(d)", type: "int" },
  hour: { family: "dates and times", call: "e.hour(ts)", renders: "F.hour(ts)", type: "int" },
  toDate: { family: "dates and times", call: "e.toDate(ts)", renders: "F.to_date(ts)", type: "date" },
  dateAdd: { family: "dates and times", call: "e.dateAdd(d, 7)", renders: "F.date_add(d, 7)", type: "date" },
  dateDiff: {
    family: "dates and times",
    call: "e.dateDiff(end, start)",
    renders: "F.datediff(end, start)",
    type: "int, whole days",
  },
  fromUtcTimestamp: {
    family: "dates and times",
    call: 'e.fromUtcTimestamp(ts, "Europe/Oslo")',
    renders: 'F.from_utc_timestamp(ts, "Europe/Oslo")',
    type: "timestamp: the zone's wall-clock time of a UTC timestamp (the session time zone is UTC, as on Glue)",
  },
  toUtcTimestamp: {
    family: "dates and times",
    call: 'e.toUtcTimestamp(ts, "Europe/Oslo")',
    renders: 'F.to_utc_timestamp(ts, "Europe/Oslo")',
    type: "timestamp: a wall-clock time in the zone as UTC; a time in a spring-forward gap moves an hour on",
  },
  case: {
    family: "conditionals and casts",
    call: 'e.case([[e.gt(x, 100), "large"]], "small")',
    renders: 'F.when((x > F.lit(100)), F.lit("large")).otherwise(F.lit("small"))',
    type: "the branches' common type; NULL without otherwise",
  },
  coalesce: {
    family: "conditionals and casts",
    call: 'e.coalesce(a, b, "none")',
    renders: "F.coalesce(...)",
    type: "the common type: the first non-NULL",
  },
  cast: {
    family: "conditionals and casts",
    call: 'e.cast(x, "bigint")',
    renders: 'x.cast("bigint")',
    type: "the type named; a value that does not convert is NULL",
  },
};

export const PREDICATE_DOCS: { readonly [K in PredicateBuilder]: BuilderDoc } = {
  isNull: { family: "nulls", call: 'isNull("x")', renders: 'F.col("x").isNull()', type: "TRUE for NULL" },
  isNotNull: { family: "nulls", call: 'isNotNull("x")', renders: 'F.col("x").isNotNull()', type: "TRUE for a value" },
  eq: {
    family: "comparisons",
    call: 'eq("x", 1)',
    renders: 'F.col("x") == F.lit(1)',
    type: "a literal, or col(name) for another column",
  },
  ne: { family: "comparisons", call: 'ne("x", 1)', renders: 'F.col("x") != F.lit(1)', type: "NULL drops the row" },
  lt: {
    family: "comparisons",
    call: 'lt("placed", col("shipped"))',
    renders: 'F.col("placed") < F.col("shipped")',
    type: "NULL drops the row",
  },
  le: { family: "comparisons", call: 'le("x", 1)', renders: 'F.col("x") <= F.lit(1)', type: "NULL drops the row" },
  gt: { family: "comparisons", call: 'gt("x", 0)', renders: 'F.col("x") > F.lit(0)', type: "NULL drops the row" },
  ge: { family: "comparisons", call: 'ge("x", 0)', renders: 'F.col("x") >= F.lit(0)', type: "NULL drops the row" },
  isIn: {
    family: "comparisons",
    call: 'isIn("status", ["new", "paid"])',
    renders: 'F.col("status").isin(F.lit("new"), F.lit("paid"))',
    type: "SQL IN: a NULL column drops the row, with not(...) too; at least one value",
  },
  like: {
    family: "text",
    call: 'like("sku", "APP%")',
    renders: 'F.col("sku").like("APP%")',
    type: "`%` any text, `_` one character; `\\` escapes only those and itself",
  },
  rlike: {
    family: "text",
    call: 'rlike("email", "@example\\\\.com$")',
    renders: 'F.col("email").rlike("@example\\\\.com$")',
    type: "a Java regular expression found anywhere in the value",
  },
  and: { family: "logic", call: "and(p, q)", renders: "(p) & (q)", type: "two or more" },
  or: { family: "logic", call: "or(p, q)", renders: "(p) | (q)", type: "two or more" },
  not: { family: "logic", call: "not(p)", renders: "~(p)", type: "NULL stays NULL, so the row is dropped" },
};

const cell = (text: string) => text.replace(/\|/g, "\\|");
const code = (text: string) => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);

function table(docs: Readonly<Record<string, BuilderDoc>>): string[] {
  return [
    "| family | call | renders as | type and NULLs |",
    "|---|---|---|---|",
    ...Object.values(docs).map(
      (d) => `| ${d.family} | ${cell(code(d.call))} | ${cell(code(d.renders))} | ${cell(d.type)} |`,
    ),
  ];
}

/** The whole page, ending with one newline. */
export function expressionsReference(): string {
  return [
    "# Expressions and predicates",
    "",
    "<!-- Generated from EXPR_DOCS and PREDICATE_DOCS (src/model/expr-reference.ts) by expressionsReference(): edit",
    "an entry, then `UPDATE_DOCS=1 npx mocha tests/expressions-reference.spec.ts` rewrites this file. -->",
    "",
    "Derived columns (`.derive({ col: expr }, { name })`) are built with `e`; filters, routes and merge deletes take",
    "predicates. Both are data, never SQL text: every column is checked and every type inferred before anything runs,",
    "and each problem names the job, the node and the field. A plain value where an expression is expected is a",
    "literal. Aggregates are in [the node-kind reference](node-kinds.md#aggregate); how to use all of them:",
    "[the guide](../guide/writing-jobs.md#derived-column-expressions).",
    "",
    "## Expressions (`e`)",
    "",
    ...table(EXPR_DOCS),
    "",
    "## Predicates",
    "",
    "A row is kept only when its predicate is TRUE, so a comparison with NULL drops it.",
    "",
    ...table(PREDICATE_DOCS),
    "",
  ].join("\n");
}
