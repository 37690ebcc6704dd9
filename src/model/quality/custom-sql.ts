/**
 * What a row-level CustomSql rule returns, read from its SQL, so that validation refuses the forms AWS Glue's
 * Data Quality engine refuses before anything runs. Glue marks a row as passing by joining the query's result
 * with the evaluated data on the returned columns, by name, and documents these errors ("Troubleshooting AWS
 * Glue Data Quality", CustomSQL errors; the DQDL reference's CustomSql page):
 * - "The output from CustomSQL must contain at least one column that matches the input dataset": an aggregate
 *   such as `count(*)` (valid for a dataset-level rule only) or a column renamed to a name `primary` lacks;
 * - "cannot resolve "Col"": the column is not in the primary table;
 * - "The columns that are returned from the SQL statement should only belong to the primary table ... some
 *   columns (Col) belong to reference table": the select list must name primary's columns only.
 * Deequ's engine, which runs the rules locally, makes only the first check, so a rule it accepts could still
 * be refused on Glue; with action `warn` Glue would then quietly check nothing.
 *
 * Only the outermost select list and its FROM/JOIN tables are read; the rest of the query is Spark's to check.
 */
import { suggestion, type ProblemCode } from "../problems";

export type SelectedItem =
  | { readonly kind: "column"; readonly text: string; readonly qualifier?: string; readonly name: string }
  | { readonly kind: "star"; readonly text: string; readonly qualifier?: string }
  | { readonly kind: "aggregate"; readonly text: string; readonly alias?: string }
  | { readonly kind: "expression"; readonly text: string; readonly alias?: string };

export interface RowLevelSelect {
  readonly items: readonly SelectedItem[];
  /** The outermost query's tables: alias (or name) → table name, lower case; a subquery maps to "". */
  readonly tables: ReadonlyMap<string, string>;
  /** Every table the query names after FROM or JOIN, at any depth (subqueries, set operations), lower case. */
  readonly allTables: ReadonlySet<string>;
}

/** Spark SQL's aggregate functions a select list would use; a row-level rule cannot return their values. */
const AGGREGATES = new Set([
  "count",
  "sum",
  "avg",
  "mean",
  "min",
  "max",
  "count_if",
  "collect_list",
  "collect_set",
  "stddev",
  "stddev_pop",
  "stddev_samp",
  "variance",
  "var_pop",
  "var_samp",
  "approx_count_distinct",
  "first",
  "last",
  "any",
  "every",
  "some",
  "bool_and",
  "bool_or",
  "percentile",
  "percentile_approx",
  "median",
]);

/** Words that end a table reference in FROM, so they are not read as its alias. */
const CLAUSE_WORDS = new Set([
  "where",
  "join",
  "inner",
  "left",
  "right",
  "full",
  "cross",
  "natural",
  "semi",
  "anti",
  "outer",
  "on",
  "using",
  "group",
  "order",
  "having",
  "limit",
  "union",
  "intersect",
  "except",
  "minus",
  "window",
  "lateral",
  "sort",
  "cluster",
  "distribute",
]);

type Token = {
  readonly kind: "word" | "quoted" | "string" | "number" | "punct";
  readonly text: string;
  /** Where the token starts and ends in the query. */
  readonly at: number;
  readonly end: number;
};

function tokenize(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  // Whitespace and comments, 'strings', `quoted identifiers`, numbers, words, operators and punctuation.
  const pattern = new RegExp(
    [
      String.raw`\s+|--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|\\.|'')*'`,
      String.raw`\`((?:[^\`]|\`\`)*)\``,
      String.raw`(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[A-Za-z]*)`,
      String.raw`([A-Za-z_][A-Za-z0-9_]*)`,
      String.raw`(<=>|>=|<=|!=|<>|==|\|\||[(),.*+\-/%<>=!&|^~:;[\]{}])`,
    ].join("|"),
    "y",
  );
  let at = 0;
  while (at < sql.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(sql);
    if (!m) return undefined;
    const text = m[0];
    const place = { at, end: pattern.lastIndex };
    if (text.startsWith("'")) tokens.push({ kind: "string", text, ...place });
    else if (m[1] !== undefined) tokens.push({ kind: "quoted", text: m[1].replace(/``/g, "`"), ...place });
    else if (m[2] !== undefined) tokens.push({ kind: "number", text, ...place });
    else if (m[3] !== undefined) tokens.push({ kind: "word", text, ...place });
    else if (m[4] !== undefined) tokens.push({ kind: "punct", text, ...place });
    at = pattern.lastIndex;
  }
  return tokens;
}

const isWord = (t: Token | undefined, word: string): boolean =>
  t !== undefined && t.kind === "word" && t.text.toLowerCase() === word;
const isIdentifier = (t: Token | undefined): t is Token =>
  t !== undefined && (t.kind === "word" || t.kind === "quoted");
const isPunct = (t: Token | undefined, text: string): boolean =>
  t !== undefined && t.kind === "punct" && t.text === text;
/** Splits tokens at depth-0 commas. */
function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, "(")) depth++;
    if (isPunct(t, ")")) depth--;
    if (depth === 0 && isPunct(t, ",")) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

function classify(sql: string, tokens: readonly Token[]): SelectedItem {
  const text = sql.slice(tokens[0]!.at, tokens[tokens.length - 1]!.end);
  let body = [...tokens];
  let alias: string | undefined;
  const last = body[body.length - 1];
  if (body.length >= 3 && isWord(body[body.length - 2], "as") && isIdentifier(last)) {
    alias = last.text;
    body = body.slice(0, -2);
  } else if (
    body.length >= 2 &&
    isIdentifier(last) &&
    (isIdentifier(body[body.length - 2]) || isPunct(body[body.length - 2], ")"))
  ) {
    alias = last.text; // `expr alias` without AS
    body = body.slice(0, -1);
  }
  const [a, b, c] = body;
  if (body.length === 1 && isPunct(a, "*")) return { kind: "star", text };
  if (body.length === 3 && isIdentifier(a) && isPunct(b, ".") && isPunct(c, "*"))
    return { kind: "star", text, qualifier: a.text.toLowerCase() };
  const column = (qualifier: string | undefined, name: string): SelectedItem =>
    alias === undefined || alias.toLowerCase() === name.toLowerCase()
      ? { kind: "column", text, ...(qualifier !== undefined ? { qualifier } : {}), name }
      : { kind: "expression", text, alias };
  if (body.length === 1 && isIdentifier(a)) return column(undefined, a.text);
  if (body.length === 3 && isIdentifier(a) && isPunct(b, ".") && isIdentifier(c))
    return column(a.text.toLowerCase(), c.text);
  const aggregate = body.some(
    (t, i) => t.kind === "word" && AGGREGATES.has(t.text.toLowerCase()) && isPunct(body[i + 1], "("),
  );
  return {
    kind: aggregate ? "aggregate" : "expression",
    text,
    ...(alias !== undefined ? { alias } : {}),
  } as SelectedItem;
}

/** The tables of a FROM clause (tokens after FROM, up to the end of the outermost query's FROM/JOINs). */
/** The index after the parenthesised group that opens at `start`. */
function afterParentheses(tokens: readonly Token[], start: number): number {
  let i = start;
  let depth = 0;
  do {
    if (isPunct(tokens[i], "(")) depth++;
    if (isPunct(tokens[i], ")")) depth--;
    i++;
  } while (i < tokens.length && depth > 0);
  return i;
}

function readTables(tokens: readonly Token[]): Map<string, string> {
  const tables = new Map<string, string>();
  let i = 0;
  const tableReference = (): void => {
    let name = "";
    if (isPunct(tokens[i], "(")) {
      i = afterParentheses(tokens, i);
    } else if (isIdentifier(tokens[i])) {
      name = tokens[i]!.text;
      i++;
      while (isPunct(tokens[i], ".") && isIdentifier(tokens[i + 1])) {
        name = tokens[i + 1]!.text; // database.table: the table is the last part
        i += 2;
      }
    } else return;
    if (isWord(tokens[i], "as")) i++;
    const alias =
      isIdentifier(tokens[i]) && !(tokens[i]!.kind === "word" && CLAUSE_WORDS.has(tokens[i]!.text.toLowerCase()))
        ? tokens[i++]!.text
        : name;
    if (alias) tables.set(alias.toLowerCase(), name.toLowerCase());
  };
  tableReference();
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    else if (depth === 0 && (isWord(t, "join") || isPunct(t, ","))) {
      i++;
      tableReference();
      i--;
    } else if (
      depth === 0 &&
      ["where", "group", "order", "having", "limit", "union", "intersect", "except", "minus"].some((w) => isWord(t, w))
    )
      break;
  }
  return tables;
}

/** The outermost select list and tables of a query, or why they could not be read. */
export function readRowLevelSelect(sql: string): RowLevelSelect | { readonly error: string } {
  const tokens = tokenize(sql);
  if (!tokens) return { error: "its text could not be read as SQL" };
  let i = 0;
  if (isWord(tokens[0], "with")) {
    // Common table expressions: `with name [(columns)] as (query), …` before the outermost select.
    i = 1;
    for (;;) {
      if (!isIdentifier(tokens[i])) return { error: "its WITH clause could not be read" };
      i++;
      if (isPunct(tokens[i], "(") && !isWord(tokens[i - 1], "as"))
        while (i < tokens.length && !isPunct(tokens[i++], ")"));
      if (!isWord(tokens[i], "as") || !isPunct(tokens[i + 1], "("))
        return { error: "its WITH clause could not be read" };
      i += 1;
      i = afterParentheses(tokens, i);
      if (!isPunct(tokens[i], ",")) break;
      i++;
    }
  }
  if (!isWord(tokens[i], "select")) return { error: "it does not start with SELECT" };
  i++;
  if (isWord(tokens[i], "distinct") || isWord(tokens[i], "all")) i++;
  let depth = 0;
  let from = -1;
  for (let j = i; j < tokens.length; j++) {
    if (isPunct(tokens[j], "(")) depth++;
    if (isPunct(tokens[j], ")")) depth--;
    if (depth === 0 && isWord(tokens[j], "from")) {
      from = j;
      break;
    }
  }
  if (from < 0) return { error: "it has no FROM" };
  const items = splitTopLevel(tokens.slice(i, from))
    .filter((part) => part.length > 0)
    .map((part) => classify(sql, part));
  const allTables = new Set<string>();
  tokens.forEach((t, j) => {
    if (!(isWord(t, "from") || isWord(t, "join")) || !isIdentifier(tokens[j + 1])) return;
    let k = j + 1;
    while (isPunct(tokens[k + 1], ".") && isIdentifier(tokens[k + 2])) k += 2;
    allTables.add(tokens[k]!.text.toLowerCase());
  });
  return { items, tables: readTables(tokens.slice(from + 1)), allTables };
}

/** What the row-level check sees of the data: the evaluated data's columns and other tables' columns by name. */
export interface RowLevelSchema {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly tableColumns: (table: string) => readonly { readonly name: string }[] | undefined;
}

/**
 * The documented checks AWS Glue makes on a row-level query's returned columns, each refusal reported through
 * `problem`. `declared` are the tables the rule names as its references.
 */
export function checkRowLevelSql(
  sql: string,
  declared: readonly string[],
  schema: RowLevelSchema,
  problem: (code: ProblemCode, field: string, message: string, fix: string) => void,
): void {
  const field = "CustomSql";
  const known = schema.columns.map((c) => c.name);
  const read = readRowLevelSelect(sql);
  if ("error" in read) {
    problem(
      "invalid-rule",
      field,
      `the row-level query ${JSON.stringify(sql)} cannot be checked: ${read.error}.`,
      "Write it as `select <primary's key columns> from primary p [join <reference> r on …] where …`.",
    );
    return;
  }
  const tables = [...read.tables];
  const primaryAliases = new Set(tables.filter(([, table]) => table === "primary").map(([alias]) => alias));
  const referenceTables = tables.filter(([, table]) => table !== "primary").map(([, table]) => table);
  // A returned name may clash with a table read anywhere in the query, e.g. after an INTERSECT.
  const readTables = [...new Set([...referenceTables, ...read.allTables, ...declared])].filter(
    (table) => table !== "primary",
  );
  const referenceColumn = new Map<string, string>();
  for (const table of readTables)
    for (const c of schema.tableColumns(table) ?? [])
      if (!referenceColumn.has(c.name.toLowerCase())) referenceColumn.set(c.name.toLowerCase(), table);
  const own = new Map(schema.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const selectPrimary = "Select plain columns of primary that identify a row (select p.id from primary p …)";
  const fromReference = (what: string, table: string): void =>
    problem(
      "invalid-rule",
      field,
      `the row-level query returns ${what} of reference table "${table}"; AWS Glue refuses it ("The columns ` +
        `that are returned from the SQL statement should only belong to the primary table").`,
      `${selectPrimary}; the reference tables belong in the JOIN or WHERE clause only.`,
    );
  const returned: string[] = [];
  for (const item of read.items) {
    if (item.kind === "aggregate")
      problem(
        "invalid-rule",
        field,
        `the row-level query returns ${item.text}, an aggregate, so no row can be matched; AWS Glue refuses it ` +
          '("The output from CustomSQL must contain at least one column that matches the input dataset").',
        `${selectPrimary}, or compare the number with dq.customSql(sql, op, value) (a dataset-level rule).`,
      );
    else if (item.kind === "expression")
      problem(
        "invalid-rule",
        field,
        `the row-level query returns the expression ${item.text}; AWS Glue matches rows on the returned ` +
          "columns and needs plain columns of the primary table.",
        `${selectPrimary}, without functions, literals or renaming; compute in the JOIN or WHERE clause.`,
      );
    else if (item.qualifier !== undefined && !primaryAliases.has(item.qualifier)) {
      const table = read.tables.get(item.qualifier);
      if (table === "" && item.kind === "column")
        returned.push(item.name); // a subquery's: checked by name
      else if (table !== undefined) fromReference(`${item.text}, a column`, table || item.qualifier);
      else
        problem(
          "invalid-rule",
          field,
          `the row-level query returns ${item.text}, but "${item.qualifier}" is not a table of its FROM clause.`,
          `${selectPrimary}.`,
        );
    } else if (item.kind === "star") {
      if (item.qualifier === undefined && referenceTables.length > 0)
        fromReference("every column (*), including those", referenceTables[0]!);
      else returned.push(...known);
    } else if (item.kind === "column") returned.push(item.name);
  }
  for (const name of returned) {
    const table = referenceColumn.get(name.toLowerCase());
    if (!own.has(name.toLowerCase()))
      problem(
        "unknown-column",
        name,
        `the row-level query returns "${name}", which the evaluated data (primary) does not have, so AWS Glue ` +
          "cannot match it with a row.",
        suggestion(name, known, "column"),
      );
    else if (table !== undefined)
      problem(
        "invalid-rule",
        name,
        `the row-level query returns "${name}", which reference table "${table}" also has; the engine matches ` +
          `the returned columns with the rows by name, and AWS Glue refuses one that belongs to a reference ` +
          `table ("some columns (${name}) belong to reference table").`,
        `Rename "${name}" in the reference data before the check (e.g. pass a frame made with ` +
          `.derive/.select that calls it "${table}_${name}") and join on the new name.`,
      );
  }
}
