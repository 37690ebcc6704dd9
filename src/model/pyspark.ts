/**
 * PySpark expressions for DSL predicates and join conditions, built only from the literal helpers.
 * SQL three-valued logic applies: a filter keeps a row only when its predicate is TRUE, so
 * `not(x == 0)` drops NULLs, unlike a Python lambda over rows.
 */
import type { Comparison, GlueType, Predicate } from "./types";
import type { Expr, ZoneShift } from "./expr";
import { parseGlueType, type ParsedType } from "./columns";
import { pyLiteral, pyStr } from "./python";
import { scriptArgument, type S3Location } from "./script";

const OPERATORS: Record<Comparison, string> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };

export const pyColumn = (name: string, qualifier?: string) =>
  `F.col(${pyStr(qualifier ? `${qualifier}.${name}` : name)})`;

export function predicateExpression(p: Predicate): string {
  switch (p.op) {
    case "isNull":
      return `${pyColumn(p.column)}.isNull()`;
    case "isNotNull":
      return `${pyColumn(p.column)}.isNotNull()`;
    case "and":
      return p.args.map((a) => `(${predicateExpression(a)})`).join(" & ");
    case "or":
      return p.args.map((a) => `(${predicateExpression(a)})`).join(" | ");
    case "not":
      return `~(${predicateExpression(p.arg)})`;
    case "in":
      return `${pyColumn(p.column)}.isin(${p.values.map((v) => `F.lit(${pyLiteral(v)})`).join(", ")})`;
    case "like":
    case "rlike":
      return `${pyColumn(p.column)}.${p.op}(${pyStr(p.pattern)})`;
    default: {
      const right = "column" in p.right ? pyColumn(p.right.column) : `F.lit(${pyLiteral(p.right.literal)})`;
      return `${pyColumn(p.column)} ${OPERATORS[p.op]} ${right}`;
    }
  }
}

const SPARK_SIMPLE_TYPES: Record<string, string> = {
  string: "T.StringType()",
  bigint: "T.LongType()",
  int: "T.IntegerType()",
  double: "T.DoubleType()",
  float: "T.FloatType()",
  boolean: "T.BooleanType()",
  date: "T.DateType()",
  timestamp: "T.TimestampType()",
};

/**
 * The Spark type constructor for a Glue type, e.g. `T.LongType()` for bigint, `T.ArrayType(T.StringType())` for
 * array<string>.
 */
export function sparkType(t: GlueType): string {
  const parsed = parseGlueType(t);
  if (!parsed) throw new Error(`No Spark type for Glue type ${JSON.stringify(t)}.`);
  return sparkTypeOf(parsed);
}

function sparkTypeOf(t: ParsedType): string {
  switch (t.kind) {
    case "simple":
      return SPARK_SIMPLE_TYPES[t.name]!;
    case "decimal":
      return `T.DecimalType(${t.precision}, ${t.scale})`;
    case "array":
      return `T.ArrayType(${sparkTypeOf(t.element)})`;
    case "struct":
      return `T.StructType([${t.fields.map((f) => `T.StructField(${pyStr(f.name)}, ${sparkTypeOf(f.type)})`).join(", ")}])`;
  }
}

/** A Python expression for an S3 location: data-bucket prefixes hang off the LAKE_ROOT argument. */
export function pathExpression(location: S3Location): string {
  return location.bucket === "data"
    ? `${scriptArgument("LAKE_ROOT")} + ${pyStr(`/${location.prefix}`)}`
    : pyStr(location.uri);
}

const ARITHMETIC_OPERATORS = { add: "+", sub: "-", mul: "*", div: "/" } as const;
const FUNCTION_NAMES = {
  upper: "upper",
  lower: "lower",
  trim: "trim",
  length: "length",
  year: "year",
  month: "month",
  dayofmonth: "dayofmonth",
  hour: "hour",
  toDate: "to_date",
  abs: "abs",
  floor: "floor",
  ceil: "ceil",
  // array_size, not size: size(NULL) is -1 or NULL depending on the ANSI mode; array_size is NULL in both.
  size: "array_size",
} as const;

const ZONE_SHIFT_FUNCTIONS: Record<ZoneShift, string> = {
  fromUtcTimestamp: "from_utc_timestamp",
  toUtcTimestamp: "to_utc_timestamp",
};

/** A PySpark timestamp column shifted from UTC to a zone's wall-clock time, or back, for nodes and `e` alike. */
export function zoneShiftPython(op: ZoneShift, column: string, zone: string): string {
  return `F.${ZONE_SHIFT_FUNCTIONS[op]}(${column}, ${pyStr(zone)})`;
}

/** A PySpark column expression for a typed DSL expression; every user string goes through `pyStr`/`pyLiteral`. */
export function exprPython(x: Expr): string {
  switch (x.op) {
    case "col":
      return pyColumn(x.name);
    case "lit":
      return `F.lit(${pyLiteral(x.value)})`;
    case "null":
      return `F.lit(None).cast(${pyStr(x.type)})`;
    case "add":
    case "sub":
    case "mul":
    case "div":
      return `(${exprPython(x.left)} ${ARITHMETIC_OPERATORS[x.op]} ${exprPython(x.right)})`;
    case "cmp":
      return `(${exprPython(x.left)} ${OPERATORS[x.cmp]} ${exprPython(x.right)})`;
    case "and":
      return `(${x.args.map(exprPython).join(" & ")})`;
    case "or":
      return `(${x.args.map(exprPython).join(" | ")})`;
    case "not":
      return `~${exprPython(x.arg)}`;
    case "isNull":
      return `${exprPython(x.arg)}.isNull()`;
    case "isNotNull":
      return `${exprPython(x.arg)}.isNotNull()`;
    case "concat":
      return `F.concat(${x.args.map(exprPython).join(", ")})`;
    case "substring":
      return `F.substring(${exprPython(x.arg)}, ${pyLiteral(x.start)}, ${pyLiteral(x.length)})`;
    case "dateAdd":
      return `F.date_add(${exprPython(x.arg)}, ${pyLiteral(x.days)})`;
    case "dateDiff":
      return `F.datediff(${exprPython(x.end)}, ${exprPython(x.start)})`;
    case "case": {
      const whens = x.branches
        .map((b, i) => `${i === 0 ? "F" : ""}.when(${exprPython(b.when)}, ${exprPython(b.then)})`)
        .join("");
      return x.otherwise ? `${whens}.otherwise(${exprPython(x.otherwise)})` : whens;
    }
    case "coalesce":
      return `F.coalesce(${x.args.map(exprPython).join(", ")})`;
    case "cast":
      return `${exprPython(x.arg)}.cast(${pyStr(x.type)})`;
    case "round":
      return `F.round(${exprPython(x.arg)}, ${pyLiteral(x.scale)})`;
    case "contains":
      return `F.array_contains(${exprPython(x.arg)}, ${exprPython(x.value)})`;
    case "elementAt":
      // try_element_at, not element_at: out of range is NULL whether or not ANSI mode is on.
      return `F.try_element_at(${exprPython(x.arg)}, F.lit(${pyLiteral(x.index)}))`;
    case "isIn":
      return `${exprPython(x.arg)}.isin(${x.values.map(exprPython).join(", ")})`;
    case "like":
    case "rlike":
      return `${exprPython(x.arg)}.${x.op}(${pyStr(x.pattern)})`;
    case "fromUtcTimestamp":
    case "toUtcTimestamp":
      return zoneShiftPython(x.op, exprPython(x.arg), x.zone);
    default:
      return `F.${FUNCTION_NAMES[x.op]}(${exprPython(x.arg)})`;
  }
}
