/**
 * PySpark expressions for DSL predicates and join conditions, built only from the literal helpers.
 * SQL three-valued logic applies: a filter keeps a row only when its predicate is TRUE, so
 * `not(x == 0)` drops NULLs, unlike a Python lambda over rows.
 */
import type { Comparison, GlueType, Predicate } from "../dsl";
import { pyLiteral, pyStr } from "./python";
import type { S3Location } from "./types";

const OPERATORS: Record<Comparison, string> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };

export const pyColumn = (name: string, qualifier?: string) => `F.col(${pyStr(qualifier ? `${qualifier}.${name}` : name)})`;

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
    default: {
      const right = "column" in p.right ? pyColumn(p.right.column) : `F.lit(${pyLiteral(p.right.literal)})`;
      return `${pyColumn(p.column)} ${OPERATORS[p.op]} ${right}`;
    }
  }
}

/** The Spark type constructor for a Glue type, e.g. `T.LongType()` for bigint. */
export function sparkType(t: GlueType): string {
  const simple: Record<string, string> = {
    string: "T.StringType()",
    bigint: "T.LongType()",
    int: "T.IntegerType()",
    double: "T.DoubleType()",
    float: "T.FloatType()",
    boolean: "T.BooleanType()",
    date: "T.DateType()",
    timestamp: "T.TimestampType()",
  };
  const known = simple[t];
  if (known) return known;
  const m = /^decimal\((\d+),(\d+)\)$/.exec(t);
  if (!m) throw new Error(`No Spark type for Glue type ${JSON.stringify(t)}.`);
  return `T.DecimalType(${Number(m[1])}, ${Number(m[2])})`;
}

/** A Python expression for an S3 location: data-bucket prefixes hang off the LAKE_ROOT argument. */
export function pathExpression(location: S3Location): string {
  return location.bucket === "data" ? `args["LAKE_ROOT"] + ${pyStr(`/${location.prefix}`)}` : pyStr(location.uri);
}
