import type { Literal, Operand, Predicate } from "./types";

/** Marks the right-hand side of a comparison as another column rather than a literal. */
export function col(name: string): Operand {
  return { column: name };
}

function operand(value: Literal | Operand): Operand {
  return typeof value === "object" && value !== null && typeof value !== "bigint" ? value : { literal: value };
}

export const isNull = (column: string): Predicate => ({ op: "isNull", column });
export const isNotNull = (column: string): Predicate => ({ op: "isNotNull", column });
export const eq = (column: string, right: Literal | Operand): Predicate => ({
  op: "eq",
  column,
  right: operand(right),
});
export const ne = (column: string, right: Literal | Operand): Predicate => ({
  op: "ne",
  column,
  right: operand(right),
});
export const lt = (column: string, right: Literal | Operand): Predicate => ({
  op: "lt",
  column,
  right: operand(right),
});
export const le = (column: string, right: Literal | Operand): Predicate => ({
  op: "le",
  column,
  right: operand(right),
});
export const gt = (column: string, right: Literal | Operand): Predicate => ({
  op: "gt",
  column,
  right: operand(right),
});
export const ge = (column: string, right: Literal | Operand): Predicate => ({
  op: "ge",
  column,
  right: operand(right),
});
export const and = (...args: Predicate[]): Predicate => ({ op: "and", args });
export const or = (...args: Predicate[]): Predicate => ({ op: "or", args });
export const not = (arg: Predicate): Predicate => ({ op: "not", arg });
/**
 * `isIn("status", ["new", "paid"])` → `F.col("status").isin(F.lit("new"), F.lit("paid"))`, SQL's IN: TRUE when the
 * column equals a value, NULL when the column is NULL. A filter drops NULL rows, and so does `not(isIn(...))`.
 */
export const isIn = (column: string, values: readonly Literal[]): Predicate => ({ op: "in", column, values });
/** `like("sku", "APP%")` → `F.col("sku").like("APP%")`: `%` any text, `_` one character, `\` escapes them. */
export const like = (column: string, pattern: string): Predicate => ({ op: "like", column, pattern });
/** `rlike("email", "@example\\.com$")` → `F.col("email").rlike(...)`: a Java regular expression found in the value. */
export const rlike = (column: string, pattern: string): Predicate => ({ op: "rlike", column, pattern });

/** Every column a predicate refers to, in order of appearance. */
export function predicateColumns(p: Predicate): string[] {
  switch (p.op) {
    case "isNull":
    case "isNotNull":
    case "in":
    case "like":
    case "rlike":
      return [p.column];
    case "and":
    case "or":
      return p.args.flatMap(predicateColumns);
    case "not":
      return predicateColumns(p.arg);
    default:
      return "column" in p.right ? [p.column, p.right.column] : [p.column];
  }
}
