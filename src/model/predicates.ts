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

/** Every column a predicate refers to, in order of appearance. */
export function predicateColumns(p: Predicate): string[] {
  switch (p.op) {
    case "isNull":
    case "isNotNull":
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
