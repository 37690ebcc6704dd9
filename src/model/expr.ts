/**
 * Typed column expressions for derived columns: arithmetic, comparisons, logic, string and date
 * functions, `case`/`when`, `coalesce` and casts. They are plain data built with the functions of `e`
 * (`e.mul(e.col("price"), e.col("qty"))`), never SQL text, so every column they name is checked and their
 * type is inferred before anything runs. `src/model/pyspark.ts` turns them into PySpark columns.
 */
import { boundedDecimal, decimalOf, isNumeric, isTemporal, widerNumericType } from "./columns";
import type { Comparison, GlueType, Literal } from "./types";

export const ARITHMETIC = ["add", "sub", "mul", "div"] as const;
export type Arithmetic = (typeof ARITHMETIC)[number];
export const STRING_FUNCTIONS = ["upper", "lower", "trim", "length"] as const;
export type StringFunction = (typeof STRING_FUNCTIONS)[number];
export const DATE_PARTS = ["year", "month", "dayofmonth", "hour"] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export const NUMBER_FUNCTIONS = ["abs", "floor", "ceil"] as const;
export type NumberFunction = (typeof NUMBER_FUNCTIONS)[number];
export const ZONE_SHIFTS = ["fromUtcTimestamp", "toUtcTimestamp"] as const;
export type ZoneShift = (typeof ZONE_SHIFTS)[number];

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
  | { readonly op: "cast"; readonly arg: Expr; readonly type: GlueType }
  | { readonly op: "round"; readonly arg: Expr; readonly scale: number }
  | { readonly op: NumberFunction; readonly arg: Expr }
  | { readonly op: "size"; readonly arg: Expr }
  | { readonly op: "contains"; readonly arg: Expr; readonly value: Expr }
  | { readonly op: "elementAt"; readonly arg: Expr; readonly index: number }
  | { readonly op: "isIn"; readonly arg: Expr; readonly values: readonly Expr[] }
  | { readonly op: "like" | "rlike"; readonly arg: Expr; readonly pattern: string }
  | { readonly op: ZoneShift; readonly arg: Expr; readonly zone: string };

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
  /**
   * `e.round(x, 2)` → `F.round(x, 2)`: half away from zero (2.5 → 3), to `scale` decimal places (negative: tens,
   * hundreds); keeps an integer's or a double's type; decimal(p,s) becomes decimal(p-s+1+k,k) with
   * k = min(s, max(scale, 0)).
   */
  round: (arg: Expr, scale = 0): Expr => ({ op: "round", arg, scale }),
  /** `e.abs(x)` → `F.abs(x)`, the number's own type. */
  abs: (arg: Expr): Expr => ({ op: "abs", arg }),
  /** `e.floor(x)` → `F.floor(x)`; `ceil` → `F.ceil(x)`: bigint, or decimal(p-s+1,0) for decimal(p,s). */
  floor: (arg: Expr): Expr => ({ op: "floor", arg }),
  ceil: (arg: Expr): Expr => ({ op: "ceil", arg }),
  /** `e.size(arr)` → `F.array_size(arr)`: the number of elements, `int`; NULL for a NULL array, in any ANSI mode. */
  size: (arg: Expr): Expr => ({ op: "size", arg }),
  /**
   * `e.contains(arr, "x")` → `F.array_contains(arr, F.lit("x"))`: TRUE if an element equals the value; NULL if the
   * array is NULL, or if it is not found and the array holds a NULL element; else FALSE.
   */
  contains: (arg: Expr, value: Operand): Expr => ({ op: "contains", arg, value: ex(value) }),
  /**
   * `e.elementAt(arr, 1)` → `F.try_element_at(arr, F.lit(1))`: the element at a 1-based index (negative: from the
   * end), NULL when the array is shorter, whatever the ANSI mode; the element's type. Index 0 is refused.
   */
  elementAt: (arg: Expr, index: number): Expr => ({ op: "elementAt", arg, index }),
  /**
   * `e.isIn(x, ["a", "b"])` → `x.isin(F.lit("a"), F.lit("b"))`: TRUE if x equals a value, FALSE if not, NULL if
   * x is NULL (SQL's IN); so `e.not(e.isIn(...))` is NULL, not TRUE, for a NULL x.
   */
  isIn: (arg: Expr, values: readonly Operand[]): Expr => ({ op: "isIn", arg, values: values.map(ex) }),
  /** `e.like(x, "A%")` → `x.like("A%")`: SQL LIKE (`%` any text, `_` one character, `\` escapes); NULL if x is. */
  like: (arg: Expr, pattern: string): Expr => ({ op: "like", arg, pattern }),
  /** `e.rlike(x, "^[A-Z]{2}$")` → `x.rlike("^[A-Z]{2}$")`: a Java regular expression found anywhere in x. */
  rlike: (arg: Expr, pattern: string): Expr => ({ op: "rlike", arg, pattern }),
  /**
   * `e.fromUtcTimestamp(ts, "Europe/Oslo")` → `F.from_utc_timestamp(ts, "Europe/Oslo")`: the wall-clock time in
   * that zone of a UTC timestamp (then `formatTimestamp` writes local time); `toUtcTimestamp` is the reverse, a
   * wall-clock time in that zone to UTC. Both assume the session time zone is UTC, as on Glue and locally; the
   * script never changes it. A region id (`Area/City`), `UTC` or an offset (`+01:00`).
   */
  fromUtcTimestamp: (arg: Expr, zone: string): Expr => ({ op: "fromUtcTimestamp", arg, zone }),
  toUtcTimestamp: (arg: Expr, zone: string): Expr => ({ op: "toUtcTimestamp", arg, zone }),
} as const;

/**
 * A time zone Spark resolves the same way everywhere: a region id (`Europe/Oslo`), `UTC`, or a fixed offset
 * (`+01:00`). Three-letter ids such as `CST` are refused: Java maps them through a legacy table, and several name
 * more than one zone. Returns the problem, or undefined.
 */
export function timeZoneProblem(zone: string): ExprProblem | undefined {
  const fix = 'Use a region id such as "Europe/Oslo", "UTC", or an offset such as "+01:00".';
  if (typeof zone !== "string" || zone === "") return { message: "the time zone is empty.", fix };
  if (zone === "UTC" || /^[+-](0\d|1[0-8]):[0-5]\d$/.test(zone)) return undefined;
  if (!/^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+$/.test(zone))
    return { message: `time zone ${JSON.stringify(zone)} is not a region id, UTC or an offset.`, fix };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return { message: `time zone ${JSON.stringify(zone)} is not in the time-zone database.`, fix };
  }
  // Java's zone ids are case-sensitive where the JavaScript database is not.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase())
    return {
      message: `time zone ${JSON.stringify(zone)} is spelled differently in Java's database.`,
      fix: `Write ${JSON.stringify(resolved)}.`,
    };
  return undefined;
}

/** A problem with a LIKE pattern as Spark reads it: `\` may only precede `_`, `%` or itself. */
export function likePatternProblem(pattern: string): ExprProblem | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== "\\") continue;
    const next = pattern[i + 1];
    if (next === undefined || !"_%\\".includes(next))
      return {
        message: `LIKE pattern ${JSON.stringify(pattern)} has a \\ ${next === undefined ? "at its end" : `before ${JSON.stringify(next)}`}, which Spark refuses.`,
        fix: "Escape only %, _ or \\ (write \\\\ for a backslash), or use rlike for other patterns.",
      };
    i++;
  }
  return undefined;
}

/**
 * A problem with a regular expression: it is compiled as JavaScript, which reads the common syntax as Java does
 * (leading inline flags such as `(?i)` are Java's alone, and are set aside first). Returns the problem, or undefined.
 */
export function regexProblem(pattern: string): ExprProblem | undefined {
  if (pattern === "")
    return { message: "the regular expression is empty, so it matches every row.", fix: 'Pass a pattern, e.g. "^A".' };
  try {
    new RegExp(pattern.replace(/^\(\?[imsxu]+\)/, ""));
  } catch (err) {
    return {
      message: `${JSON.stringify(pattern)} is not a regular expression (${(err as Error).message}).`,
      fix: "Correct the pattern; it is a Java regular expression, found anywhere in the value (anchor it with ^…$).",
    };
  }
  return undefined;
}

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
    case "contains":
      return [...exprColumns(x.arg), ...exprColumns(x.value)];
    case "isIn":
      return [...exprColumns(x.arg), ...x.values.flatMap(exprColumns)];
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

/** The type Spark gives `a <op> b` for +, - and * (and for common-type positions such as coalesce). */
function widen(a: GlueType, b: GlueType): GlueType | undefined {
  if (a === b) return a;
  return isNumeric(a) && isNumeric(b) ? widerNumericType(a, b).type : undefined;
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
      if (!comparable(a, b)) {
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
    case "round": {
      if (!Number.isInteger(x.scale) || x.scale < -38 || x.scale > 38)
        problem({
          message: `round to ${x.scale} decimal places: the scale must be a whole number from -38 to 38.`,
          fix: "Use e.g. e.round(x, 2) for cents, e.round(x, -1) for tens.",
        });
      const a = need(x.arg, isNumeric, "round needs a number", 'Cast it first: e.cast(x, "double").');
      const d = a && decimalOf(a);
      if (!d) return a;
      const scale = Math.max(0, Math.min(d.scale, x.scale));
      return boundedDecimal(d.precision - d.scale + 1 + scale, scale);
    }
    case "abs":
    case "floor":
    case "ceil": {
      const a = need(x.arg, isNumeric, `${x.op} needs a number`, 'Cast it first: e.cast(x, "double").');
      if (a === undefined || x.op === "abs") return a;
      const d = decimalOf(a);
      return d ? boundedDecimal(d.precision - d.scale + 1, 0) : "bigint";
    }
    case "size":
      return need(x.arg, isArray, "size needs an array", "Use length(...) for a string's length.") && "int";
    case "contains": {
      const a = need(x.arg, isArray, "contains needs an array", "Use like or rlike to look inside a string.");
      const v = t(x.value);
      if (a === undefined || v === undefined) return undefined;
      const element = elementType(a);
      // No text for dates here: array_contains finds no common type for them, and fails the job.
      if (!(element === v || (isNumeric(element) && isNumeric(v)))) {
        problem({
          message: `contains looks for ${describeExpr(x.value)} (${v}) in an array of ${element}.`,
          fix: `Look for a ${element} value, or cast it with e.cast(..., "${element}").`,
        });
        return undefined;
      }
      return "boolean";
    }
    case "elementAt": {
      if (!Number.isInteger(x.index) || x.index === 0)
        problem({
          message: `elementAt(${x.index}): the index must be a whole number other than 0 (1 is the first element).`,
          fix: "Use 1 for the first element and -1 for the last.",
        });
      const a = need(x.arg, isArray, "elementAt needs an array", "Flatten a struct instead, or explode the array.");
      return a && elementType(a);
    }
    case "isIn": {
      if (!x.values.length)
        problem({ message: "isIn needs at least one value.", fix: 'Pass the values, e.g. e.isIn(x, ["a", "b"]).' });
      const a = t(x.arg);
      const types = x.values.map(t);
      if (a === undefined || types.some((g) => g === undefined)) return undefined;
      // Numbers with numbers, or one type: IN compares a date or timestamp with text as text with ANSI mode off and
      // as a time with it on, so that pairing is refused.
      const bad = x.values.filter((_, i) => !(a === types[i] || (isNumeric(a) && isNumeric(types[i]!))));
      if (bad.length) {
        problem({
          message: `isIn compares ${describeExpr(x.arg)} (${a}) with ${bad.map(describeExpr).join(", ")} of another type.`,
          fix: `Pass ${a} values, or cast one side with e.cast(...).`,
        });
        return undefined;
      }
      return "boolean";
    }
    case "like":
    case "rlike": {
      const p = x.op === "like" ? likePatternProblem(x.pattern) : regexProblem(x.pattern);
      if (p) problem(p);
      const a = need(x.arg, (g) => g === "string", `${x.op} needs a string`, 'Cast it first: e.cast(x, "string").');
      return a && !p ? "boolean" : undefined;
    }
    case "fromUtcTimestamp":
    case "toUtcTimestamp": {
      const p = timeZoneProblem(x.zone);
      if (p) problem(p);
      const a = need(x.arg, isTemporal, `${x.op} needs a timestamp`, "Convert it first with toTimestamp(...).");
      return a && !p ? "timestamp" : undefined;
    }
  }
}

const isArray = (t: GlueType) => t.startsWith("array<");
/** The element type of an `array<…>` type. */
const elementType = (t: GlueType): GlueType => t.slice("array<".length, -1) as GlueType;
/** Whether Spark compares two types without a cast the user should see (as `cmp` allows). */
const comparable = (a: GlueType, b: GlueType) =>
  a === b ||
  (isNumeric(a) && isNumeric(b)) ||
  (isTemporal(a) && isTemporal(b)) ||
  (isTemporal(a) && b === "string") ||
  (a === "string" && isTemporal(b));

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
