/**
 * Typed column expressions for derived columns: arithmetic, comparisons, logic, string and date
 * functions, `case`/`when`, `coalesce` and casts. They are plain data built with the functions of `e`
 * (`e.mul(e.col("price"), e.col("qty"))`), never SQL text, so every column they name is checked and their
 * type is inferred before anything runs. `src/model/pyspark.ts` turns them into PySpark columns.
 */
import { isNumeric, isTemporal } from "./columns";
import type { Comparison, GlueType, Literal } from "./types";

export const ARITHMETIC = ["add", "sub", "mul", "div"] as const;
export type Arithmetic = (typeof ARITHMETIC)[number];
export const STRING_FUNCTIONS = ["upper", "lower", "trim", "length"] as const;
export type StringFunction = (typeof STRING_FUNCTIONS)[number];
export const DATE_PARTS = ["year", "month", "dayofmonth", "hour"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export type Expr =
  | { readonly op: "col"; readonly name: string }
  | { readonly op: "lit"; readonly value: Literal }
  | { readonly op: "null"; readonly type: GlueType }
  | { readonly op: Arithmetic; readonly left: Expr; readonly right: Expr }
  | { readonly op: "cmp"; readonly cmp: Comparison; readonly left: Expr; readonly right: Expr }
  | { readonly op: "and" | "or"; readonly args: readonly Expr[] }
  | { readonly op: "not" | "isNull" | "isNotNull"; readonly arg: Expr }
  | { readonly op: StringFunction; readonly arg: Expr }
  | { readonly op: "concat"; readonly args: readonly Expr[] }
  | { readonly op: "substring"; readonly arg: Expr; readonly start: number; readonly length: number }
  | { readonly op: DatePart; readonly arg: Expr }
  | { readonly op: "toDate"; readonly arg: Expr }
  | { readonly op: "dateAdd"; readonly arg: Expr; readonly days: number }
  | { readonly op: "dateDiff"; readonly end: Expr; readonly start: Expr }
  | {
      readonly op: "case";
      readonly branches: readonly { readonly when: Expr; readonly then: Expr }[];
      readonly otherwise?: Expr;
    }
  | { readonly op: "coalesce"; readonly args: readonly Expr[] }
  | { readonly op: "cast"; readonly arg: Expr; readonly type: GlueType };

type Operand = Expr | Literal;
const ex = (v: Operand): Expr => (typeof v === "object" ? v : { op: "lit", value: v });

/** The expression builder. A plain value (`1`, `"x"`, `true`) where an expression is expected is a literal. */
export const e = {
  /** A column of the input: `e.col("price")` → `F.col("price")`. */
  col: (name: string): Expr => ({ op: "col", name }),
  /** A literal: `e.lit(0.2)` → `F.lit(0.2)`. Integers are `int` (or `bigint` beyond 32 bits), fractions `double`. */
  lit: (value: Literal): Expr => ({ op: "lit", value }),
  /** A typed NULL: `e.null("string")` → `F.lit(None).cast("string")`. */
  null: (type: GlueType): Expr => ({ op: "null", type }),
  /** `e.add(a, b)` → `(a + b)`; `sub`, `mul` likewise; `div` → `(a / b)`, always `double` (decimals: cast first). */
  add: (a: Operand, b: Operand): Expr => ({ op: "add", left: ex(a), right: ex(b) }),
  sub: (a: Operand, b: Operand): Expr => ({ op: "sub", left: ex(a), right: ex(b) }),
  mul: (a: Operand, b: Operand): Expr => ({ op: "mul", left: ex(a), right: ex(b) }),
  div: (a: Operand, b: Operand): Expr => ({ op: "div", left: ex(a), right: ex(b) }),
  /** Comparisons: `e.gt(e.col("qty"), 10)` → `(F.col("qty") > F.lit(10))`; boolean, NULL when a side is NULL. */
  eq: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "eq", left: ex(a), right: ex(b) }),
  ne: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "ne", left: ex(a), right: ex(b) }),
  lt: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "lt", left: ex(a), right: ex(b) }),
  le: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "le", left: ex(a), right: ex(b) }),
  gt: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "gt", left: ex(a), right: ex(b) }),
  ge: (a: Operand, b: Operand): Expr => ({ op: "cmp", cmp: "ge", left: ex(a), right: ex(b) }),
  /** `e.and(p, q)` → `(p & q)`; `or` → `(p | q)`; `not` → `~p`. */
  and: (...args: Expr[]): Expr => ({ op: "and", args }),
  or: (...args: Expr[]): Expr => ({ op: "or", args }),
  not: (arg: Expr): Expr => ({ op: "not", arg }),
  isNull: (arg: Expr): Expr => ({ op: "isNull", arg }),
  isNotNull: (arg: Expr): Expr => ({ op: "isNotNull", arg }),
  /** String functions: `e.upper(x)` → `F.upper(x)`; `lower`, `trim`; `length` is `int`. */
  upper: (arg: Expr): Expr => ({ op: "upper", arg }),
  lower: (arg: Expr): Expr => ({ op: "lower", arg }),
  trim: (arg: Expr): Expr => ({ op: "trim", arg }),
  length: (arg: Expr): Expr => ({ op: "length", arg }),
  /** `e.concat(a, "-", b)` → `F.concat(a, F.lit("-"), b)`; NULL if any part is NULL. */
  concat: (...args: Operand[]): Expr => ({ op: "concat", args: args.map(ex) }),
  /** `e.substring(x, 1, 3)` → `F.substring(x, 1, 3)`: 1-based start, length. */
  substring: (arg: Expr, start: number, length: number): Expr => ({ op: "substring", arg, start, length }),
  /** Date parts of a date or timestamp, each `int`: `e.year(x)` → `F.year(x)`; `month`, `dayofmonth`, `hour`. */
  year: (arg: Expr): Expr => ({ op: "year", arg }),
  month: (arg: Expr): Expr => ({ op: "month", arg }),
  dayofmonth: (arg: Expr): Expr => ({ op: "dayofmonth", arg }),
  hour: (arg: Expr): Expr => ({ op: "hour", arg }),
  /** `e.toDate(ts)` → `F.to_date(ts)`: the date of a timestamp. */
  toDate: (arg: Expr): Expr => ({ op: "toDate", arg }),
  /** `e.dateAdd(d, 7)` → `F.date_add(d, 7)`: a date. */
  dateAdd: (arg: Expr, days: number): Expr => ({ op: "dateAdd", arg, days }),
  /** `e.dateDiff(end, start)` → `F.datediff(end, start)`: whole days, `int`. */
  dateDiff: (end: Expr, start: Expr): Expr => ({ op: "dateDiff", end, start }),
  /**
   * `e.case([[e.gt(e.col("total"), 100), "large"]], "small")` →
   * `F.when(F.col("total") > F.lit(100), F.lit("large")).otherwise(F.lit("small"))`; without `otherwise`, NULL.
   */
  case: (branches: readonly (readonly [Expr, Operand])[], otherwise?: Operand): Expr => ({
    op: "case",
    branches: branches.map(([when, then]) => ({ when, then: ex(then) })),
    ...(otherwise !== undefined ? { otherwise: ex(otherwise) } : {}),
  }),
  /** `e.coalesce(e.col("nickname"), e.col("name"), "unknown")` → `F.coalesce(...)`: the first non-NULL. */
  coalesce: (...args: Operand[]): Expr => ({ op: "coalesce", args: args.map(ex) }),
  /** `e.cast(x, "bigint")` → `x.cast("bigint")`; a value that does not convert becomes NULL. */
  cast: (arg: Expr, type: GlueType): Expr => ({ op: "cast", arg, type }),
} as const;

/** Every column an expression reads. */
export function exprColumns(x: Expr): string[] {
  switch (x.op) {
    case "col":
      return [x.name];
    case "lit":
    case "null":
      return [];
    case "add":
    case "sub":
    case "mul":
    case "div":
    case "cmp":
      return [...exprColumns(x.left), ...exprColumns(x.right)];
    case "and":
    case "or":
    case "concat":
    case "coalesce":
      return x.args.flatMap(exprColumns);
    case "dateDiff":
      return [...exprColumns(x.end), ...exprColumns(x.start)];
    case "case":
      return [
        ...x.branches.flatMap((b) => [...exprColumns(b.when), ...exprColumns(b.then)]),
        ...(x.otherwise ? exprColumns(x.otherwise) : []),
      ];
    default:
      return exprColumns(x.arg);
  }
}

/** A type problem inside an expression: what is wrong, and the fix. */
export interface ExprProblem {
  readonly message: string;
  readonly fix: string;
}

const NUMERIC_ORDER: readonly GlueType[] = ["int", "bigint", "float", "double"];

/** The type Spark gives `a <op> b` for +, - and * (and for common-type positions such as coalesce). */
function widen(a: GlueType, b: GlueType): GlueType | undefined {
  if (a === b) return a;
  const dec = (t: GlueType) => /^decimal\((\d+),(\d+)\)$/.exec(t);
  const da = dec(a);
  const db = dec(b);
  if (da || db) {
    if (a === "double" || b === "double" || a === "float" || b === "float") return "double";
    // An integer meets a decimal as decimal(10,0) (int) or decimal(20,0) (bigint).
    const asDec = (t: GlueType, m: RegExpExecArray | null) =>
      m ? [Number(m[1]), Number(m[2])] : t === "int" ? [10, 0] : t === "bigint" ? [20, 0] : undefined;
    const pa = asDec(a, da);
    const pb = asDec(b, db);
    if (!pa || !pb) return undefined;
    const scale = Math.max(pa[1]!, pb[1]!);
    const precision = Math.min(38, Math.max(pa[0]! - pa[1]!, pb[0]! - pb[1]!) + scale);
    return `decimal(${precision},${scale})`;
  }
  const ia = NUMERIC_ORDER.indexOf(a);
  const ib = NUMERIC_ORDER.indexOf(b);
  return ia >= 0 && ib >= 0 ? NUMERIC_ORDER[Math.max(ia, ib)] : undefined;
}

function literalType(v: Literal): GlueType {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  const n = typeof v === "bigint" ? v : Number.isInteger(v) ? BigInt(v) : undefined;
  if (n === undefined) return "double";
  return n >= -2147483648n && n <= 2147483647n ? "int" : "bigint";
}

/**
 * The type of an expression over a schema, or undefined after reporting why it has none. `columnType`
 * reports unknown columns itself; `problem` gets every type error, so all are reported at once.
 */
export function exprType(
  x: Expr,
  columnType: (name: string) => GlueType | undefined,
  problem: (p: ExprProblem) => void,
): GlueType | undefined {
  const t = (y: Expr) => exprType(y, columnType, problem);
  const need = (y: Expr, ok: (g: GlueType) => boolean, what: string, fix: string): GlueType | undefined => {
    const g = t(y);
    if (g !== undefined && !ok(g)) {
      problem({ message: `${describeExpr(y)} is ${g}, but ${what}.`, fix });
      return undefined;
    }
    return g;
  };
  switch (x.op) {
    case "col":
      return columnType(x.name);
    case "lit":
      if (typeof x.value === "number" && !Number.isFinite(x.value)) {
        problem({
          message: `literal ${String(x.value)} is not a finite number.`,
          fix: "Use a finite number, or e.null(type) for a missing value.",
        });
        return undefined;
      }
      return literalType(x.value);
    case "null":
      return x.type;
    case "add":
    case "sub":
    case "mul":
    case "div": {
      const fix = 'Cast it first, e.g. e.cast(e.col("x"), "double").';
      const a = need(x.left, isNumeric, `${x.op} needs numbers`, fix);
      const b = need(x.right, isNumeric, `${x.op} needs numbers`, fix);
      if (a === undefined || b === undefined) return undefined;
      if (x.op === "div") {
        if (a.startsWith("decimal") || b.startsWith("decimal")) {
          problem({
            message: "division of decimals changes precision in ways that are easy to get wrong.",
            fix: 'Cast to double first: e.div(e.cast(a, "double"), b).',
          });
          return undefined;
        }
        return "double";
      }
      if (
        x.op === "mul" &&
        (a.startsWith("decimal") || b.startsWith("decimal")) &&
        !(a === "double" || b === "double" || a === "float" || b === "float")
      ) {
        problem({
          message: "multiplying decimals widens their precision and scale.",
          fix: 'Cast to double first, or cast the result: e.cast(e.mul(a, b), "decimal(18,2)") after casting the inputs to double.',
        });
        return undefined;
      }
      const w = widen(a, b);
      return w !== undefined && w.startsWith("decimal")
        ? (`decimal(${Math.min(38, Number(/\((\d+)/.exec(w)![1]) + 1)},${/,(\d+)\)/.exec(w)![1]})` as GlueType)
        : w;
    }
    case "cmp": {
      const a = t(x.left);
      const b = t(x.right);
      if (a === undefined || b === undefined) return undefined;
      if (!(
        a === b ||
        (isNumeric(a) && isNumeric(b)) ||
        (isTemporal(a) && isTemporal(b)) ||
        (isTemporal(a) && b === "string") ||
        (a === "string" && isTemporal(b))
      )) {
        problem({
          message: `cannot compare ${describeExpr(x.left)} (${a}) with ${describeExpr(x.right)} (${b}).`,
          fix: "Cast one side with e.cast(...) first.",
        });
        return undefined;
      }
      return "boolean";
    }
    case "and":
    case "or": {
      if (x.args.length < 2)
        problem({
          message: `${x.op} needs at least two arguments.`,
          fix: `Pass two or more boolean expressions to e.${x.op}(...).`,
        });
      const types = x.args.map((a) =>
        need(a, (g) => g === "boolean", `${x.op} needs booleans`, "Compare it with something, e.g. e.gt(x, 0)."),
      );
      return types.every((g) => g !== undefined) ? "boolean" : undefined;
    }
    case "not":
      return (
        need(x.arg, (g) => g === "boolean", "not needs a boolean", "Compare it with something first.") && "boolean"
      );
    case "isNull":
    case "isNotNull":
      return t(x.arg) && "boolean";
    case "upper":
    case "lower":
    case "trim":
    case "length": {
      const a = need(x.arg, (g) => g === "string", `${x.op} needs a string`, 'Cast it first: e.cast(x, "string").');
      return a && (x.op === "length" ? "int" : "string");
    }
    case "concat": {
      if (!x.args.length) problem({ message: "concat needs at least one argument.", fix: "Pass the strings to join." });
      const types = x.args.map((a) =>
        need(a, (g) => g === "string", "concat needs strings", 'Cast it first: e.cast(x, "string").'),
      );
      return types.every((g) => g !== undefined) ? "string" : undefined;
    }
    case "substring": {
      if (!Number.isInteger(x.start) || x.start < 1 || !Number.isInteger(x.length) || x.length < 0)
        problem({
          message: `substring(${x.start}, ${x.length}) needs a 1-based start and a length, both whole numbers.`,
          fix: "Use e.substring(x, 1, 3) for the first three characters.",
        });
      return (
        need(x.arg, (g) => g === "string", "substring needs a string", 'Cast it first: e.cast(x, "string").') &&
        "string"
      );
    }
    case "year":
    case "month":
    case "dayofmonth":
    case "hour":
      return (
        need(
          x.arg,
          isTemporal,
          `${x.op} needs a date or timestamp`,
          'Convert it first with toTimestamp(...) or e.cast(x, "date").',
        ) && "int"
      );
    case "toDate":
      return (
        need(
          x.arg,
          (g) => isTemporal(g) || g === "string",
          "toDate needs a timestamp, date or string",
          "Convert it first with toTimestamp(...).",
        ) && "date"
      );
    case "dateAdd":
      if (!Number.isInteger(x.days))
        problem({
          message: `dateAdd by ${x.days} days: days must be a whole number.`,
          fix: "Use a whole number of days.",
        });
      return (
        need(x.arg, isTemporal, "dateAdd needs a date or timestamp", "Convert it first with toTimestamp(...).") &&
        "date"
      );
    case "dateDiff": {
      const a = need(
        x.end,
        isTemporal,
        "dateDiff needs dates or timestamps",
        "Convert it first with toTimestamp(...).",
      );
      const b = need(
        x.start,
        isTemporal,
        "dateDiff needs dates or timestamps",
        "Convert it first with toTimestamp(...).",
      );
      return a && b && "int";
    }
    case "case": {
      if (!x.branches.length)
        problem({
          message: "case needs at least one [when, then] branch.",
          fix: 'Pass e.g. [[e.gt(e.col("x"), 0), "positive"]].',
        });
      for (const b of x.branches)
        need(
          b.when,
          (g) => g === "boolean",
          "a case condition must be boolean",
          "Use a comparison such as e.gt(x, 0).",
        );
      return common(
        [...x.branches.map((b) => b.then), ...(x.otherwise ? [x.otherwise] : [])],
        "case branches",
        t,
        problem,
      );
    }
    case "coalesce":
      if (!x.args.length)
        problem({ message: "coalesce needs at least one argument.", fix: "Pass the expressions to try in order." });
      return common(x.args, "coalesce arguments", t, problem);
    case "cast":
      t(x.arg);
      return x.type;
  }
}

function common(
  args: readonly Expr[],
  what: string,
  t: (y: Expr) => GlueType | undefined,
  problem: (p: ExprProblem) => void,
): GlueType | undefined {
  const types = args.map(t);
  if (types.some((g) => g === undefined)) return undefined;
  let out: GlueType | undefined = types[0];
  for (const g of types.slice(1)) {
    const w =
      out === undefined ? undefined : out === g ? out : isNumeric(out) && isNumeric(g!) ? widen(out, g!) : undefined;
    if (w === undefined) {
      problem({
        message: `${what} have different types: ${args.map((a, i) => `${describeExpr(a)} is ${types[i]}`).join(", ")}.`,
        fix: "Cast them to one type with e.cast(...).",
      });
      return undefined;
    }
    out = w;
  }
  return out;
}

/** A short description of an expression for messages: a column's name, a literal, or the operation. */
export function describeExpr(x: Expr): string {
  if (x.op === "col") return `column ${x.name}`;
  if (x.op === "lit") return `literal ${JSON.stringify(typeof x.value === "bigint" ? x.value.toString() : x.value)}`;
  return `${x.op === "cmp" ? x.cmp : x.op}(...)`;
}
