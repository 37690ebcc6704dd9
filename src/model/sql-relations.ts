/**
 * The relations a Spark SQL query reads: every name in a FROM or JOIN position. A SQL node may read only its
 * named inputs (temp views) and its own CTEs. On Glue a qualified name (`sales_dev.orders`,
 * `glue_catalog.db.t`, `parquet.\`s3://…\``) goes to a catalog the job was not given: Spark's session catalog is
 * local to the job run there (no `--enable-glue-datacatalog`, docs/decisions/infra-no-session-catalog.md), while
 * the local runner's session catalog holds every table, so the query would run locally and fail on AWS.
 *
 * A scanner, not a parser: it skips strings, comments and backquoted names, and treats FROM as a relation only at
 * the top level or in a parenthesised query (after SELECT at the same depth), so `EXTRACT(YEAR FROM ts)` and
 * `TRIM(BOTH ' ' FROM s)` are not relations. Table-valued functions (`range(10)`), subqueries, VALUES and
 * LATERAL are not names. It may miss a relation in a construct it does not know; it never invents one.
 */

interface Token {
  readonly kind: "word" | "quoted" | "punct" | "other";
  /** Lower-cased for words, unquoted for backquoted names. */
  readonly text: string;
  /** As written (unquoted for backquoted names). */
  readonly raw: string;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && query[i + 1] === "-") {
      while (i < n && query[i] !== "\n") i++;
    } else if (c === "/" && query[i + 1] === "*") {
      const end = query.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && query[i] !== c) i += query[i] === "\\" ? 2 : 1;
      i++;
      tokens.push({ kind: "other", text: "'", raw: "'" });
    } else if (c === "`") {
      let text = "";
      i++;
      while (i < n) {
        if (query[i] === "`" && query[i + 1] === "`") {
          text += "`";
          i += 2;
        } else if (query[i] === "`") {
          i++;
          break;
        } else text += query[i++];
      }
      tokens.push({ kind: "quoted", text, raw: text });
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(query[j]!)) j++;
      tokens.push({ kind: "word", text: query.slice(i, j).toLowerCase(), raw: query.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(query[j]!)) j++;
      tokens.push({ kind: "other", text: query.slice(i, j), raw: query.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: /[(),.;]/.test(c) ? "punct" : "other", text: c, raw: c });
      i++;
    }
  }
  return tokens;
}

const isName = (t: Token | undefined) => t !== undefined && (t.kind === "word" || t.kind === "quoted");
const isPunct = (t: Token | undefined, p: string) => t !== undefined && t.kind === "punct" && t.text === p;
const isWord = (t: Token | undefined, w: string) => t !== undefined && t.kind === "word" && t.text === w;

/** Words after which a FROM list is over at the same depth. */
const END_OF_FROM = new Set([
  "where",
  "group",
  "having",
  "order",
  "limit",
  "offset",
  "window",
  "union",
  "intersect",
  "except",
  "minus",
  "sort",
  "cluster",
  "distribute",
  "qualify",
  "select",
  "lateral",
  "pivot",
  "unpivot",
]);

/** Names that a CTE defines: `name AS (`, or `name (columns) AS (`. */
function cteNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i])) continue;
    let j = i + 1;
    if (isPunct(tokens[j], "(")) {
      let depth = 0;
      for (; j < tokens.length; j++) {
        if (isPunct(tokens[j], "(")) depth++;
        else if (isPunct(tokens[j], ")") && --depth === 0) break;
      }
      j++;
    }
    if (isWord(tokens[j], "as") && isPunct(tokens[j + 1], "(")) names.add(tokens[i]!.raw.toLowerCase());
  }
  return names;
}

export interface SqlRelation {
  /** The name as written (backquotes removed), parts joined with dots (`sales_dev.orders`). */
  readonly name: string;
  /** More than one part: a catalog or path, never a temp view. */
  readonly qualified: boolean;
}

/** Every relation the query names in a FROM or JOIN position, except its own CTEs, in query order. */
export function sqlRelations(query: string): SqlRelation[] {
  const tokens = tokenize(query);
  const ctes = cteNames(tokens);
  const found: SqlRelation[] = [];
  // Per parenthesis depth: has a SELECT been seen there, and is a FROM list open there.
  const selected: boolean[] = [false];
  const inFrom: boolean[] = [false];
  let expectRelation = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const depth = selected.length - 1;
    if (expectRelation) {
      expectRelation = false;
      if (isName(t) && !(t.kind === "word" && (t.text === "values" || t.text === "lateral"))) {
        const parts = [t.raw];
        let j = i;
        while (isPunct(tokens[j + 1], ".") && isName(tokens[j + 2])) {
          parts.push(tokens[j + 2]!.raw);
          j += 2;
        }
        if (!isPunct(tokens[j + 1], "(")) {
          const name = parts.join(".");
          if (parts.length > 1 || !ctes.has(name.toLowerCase())) found.push({ name, qualified: parts.length > 1 });
        }
        i = j;
        continue;
      }
    }
    if (isPunct(t, "(")) {
      selected.push(false);
      inFrom.push(false);
    } else if (isPunct(t, ")")) {
      if (selected.length > 1) {
        selected.pop();
        inFrom.pop();
      }
    } else if (t.kind === "word") {
      if (t.text === "select") selected[depth] = true;
      if (t.text === "from" && (depth === 0 || selected[depth])) {
        inFrom[depth] = true;
        expectRelation = true;
      } else if (t.text === "join" && inFrom[depth]) expectRelation = true;
      else if (END_OF_FROM.has(t.text)) inFrom[depth] = false;
    } else if (isPunct(t, ",") && inFrom[depth]) expectRelation = true;
  }
  return found;
}
