/**
 * Unit tests for jobs, as dbt's (`given` / `expect`): hand-written rows for each table a job reads,
 * and the exact rows expected in each table it writes. They run through the job's real generated
 * script on local Spark (`npm run test:jobs`). This file only describes and validates them.
 */
import { suggestion } from "../model/problems";
import type { Column } from "../model/types";
import type { ValidatedPipeline } from "./validate";

export type CellValue = string | number | boolean | null;
export type Row = Readonly<Record<string, CellValue>>;

export interface UnitTestCase {
  /** What the test pins, in a sentence; unique within its job. */
  readonly name: string;
  /** Rows of every table the job reads, by table name (`[]` for an empty table). */
  readonly given: Readonly<Record<string, readonly Row[]>>;
  /**
   * The exact rows expected in tables the job writes, in any order. Rows name the columns they
   * check (every row of a table the same ones); the table must also have exactly its declared columns.
   */
  readonly expect: Readonly<Record<string, readonly Row[]>>;
}

export interface UnitTestDef extends UnitTestCase {
  readonly job: string;
}

/** The unit tests of one job: `unitTests("my_job", [{ name, given, expect }, …])`. */
export function unitTests(job: string, cases: readonly UnitTestCase[]): UnitTestDef[] {
  return cases.map((c) => ({ job, ...c }));
}

/** What is wrong with a unit test: names the job, the test, the table and the column. */
export interface UnitTestProblem {
  readonly job: string;
  readonly test: string;
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
  readonly fix: string;
}

export function formatUnitTestProblem(p: UnitTestProblem): string {
  const where = [`job ${JSON.stringify(p.job)}`, `unit test ${JSON.stringify(p.test)}`];
  if (p.table !== undefined) where.push(`table ${JSON.stringify(p.table)}`);
  if (p.column !== undefined) where.push(`column ${JSON.stringify(p.column)}`);
  return `${where.join(", ")}: ${p.message} Fix: ${p.fix}`;
}

export class UnitTestValidationError extends Error {
  constructor(readonly problems: readonly UnitTestProblem[]) {
    super(
      `The job unit tests have ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p, i) => `  ${i + 1}. ${formatUnitTestProblem(p)}`).join("\n"),
    );
    this.name = "UnitTestValidationError";
  }
}

const INTEGER_RANGE: Record<string, [number, number]> = {
  int: [-(2 ** 31), 2 ** 31 - 1],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Why `value` cannot be a value of a column of type `type`, or undefined when it can. */
export function valueProblem(value: CellValue, type: string): string | undefined {
  if (value === null) return undefined;
  const range = INTEGER_RANGE[type];
  if (range) {
    if (typeof value !== "number" || !Number.isInteger(value))
      return `${JSON.stringify(value)} is not an integer, and the column is ${type}`;
    if (value < range[0] || value > range[1])
      return `${value} is outside the range of ${type} that a test can state exactly`;
    return undefined;
  }
  if (type === "double" || type === "float" || type.startsWith("decimal(")) {
    return typeof value === "number"
      ? undefined
      : `${JSON.stringify(value)} is not a number, and the column is ${type}`;
  }
  if (type === "boolean")
    return typeof value === "boolean"
      ? undefined
      : `${JSON.stringify(value)} is not true or false, and the column is boolean`;
  if (type === "date")
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? undefined
      : `${JSON.stringify(value)} is not a date written YYYY-MM-DD`;
  if (type === "timestamp") {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)
      ? undefined
      : `${JSON.stringify(value)} is not a timestamp written YYYY-MM-DD HH:MM:SS`;
  }
  return typeof value === "string" ? undefined : `${JSON.stringify(value)} is not a string, and the column is string`;
}

function rowProblems(
  rows: readonly Row[],
  columns: readonly Column[],
  where: Omit<UnitTestProblem, "message" | "fix">,
  role: "given" | "expect",
): UnitTestProblem[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const names = columns.map((c) => c.name);
  const problems: UnitTestProblem[] = [];
  const reported = new Set<string>();
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(row)) {
      const declared = byName.get(column);
      if (!declared) {
        if (reported.has(column)) continue;
        reported.add(column);
        problems.push({
          ...where,
          column,
          message: `${role} row ${index + 1} has a column the table does not have.`,
          fix: suggestion(column, names, "column"),
        });
        continue;
      }
      const why = valueProblem(value, declared.type);
      if (why)
        problems.push({
          ...where,
          column,
          message: `${role} row ${index + 1}: ${why}.`,
          fix: `Write a ${declared.type} value, or null.`,
        });
    }
  });
  if (role === "expect" && rows.length > 1) {
    const first = Object.keys(rows[0]!).sort().join(",");
    const differing = rows.findIndex((r) => Object.keys(r).sort().join(",") !== first);
    if (differing >= 0) {
      problems.push({
        ...where,
        message: `expected row ${differing + 1} names other columns than row 1, so it is unclear what to compare.`,
        fix: `Name the same columns in every expected row (${first}).`,
      });
    }
  }
  return problems;
}

/** Every problem of every test at once; an empty list when all can run. */
export function validateUnitTests(pipeline: ValidatedPipeline, tests: readonly UnitTestDef[]): UnitTestProblem[] {
  const jobs = new Map(pipeline.jobs.map((j) => [j.def.name, j]));
  const problems: UnitTestProblem[] = [];
  const seen = new Set<string>();
  for (const test of tests) {
    const where = { job: test.job, test: test.name };
    const job = jobs.get(test.job);
    if (!job) {
      problems.push({
        ...where,
        message: "there is no such job in the pipeline.",
        fix: suggestion(test.job, [...jobs.keys()], "job"),
      });
      continue;
    }
    const key = `${test.job}\u0000${test.name}`;
    if (seen.has(key))
      problems.push({
        ...where,
        message: "two unit tests of this job have this name.",
        fix: "Give each test of a job its own name.",
      });
    seen.add(key);
    const columnsOf = (name: string) => {
      const t = pipeline.tables.get(name)!;
      return [...t.columns, ...t.partitionKeys];
    };
    for (const [table, rows] of Object.entries(test.given)) {
      if (!job.reads.includes(table)) {
        problems.push({
          ...where,
          table,
          message: "given rows for a table the job does not read.",
          fix: suggestion(table, job.reads, "source table"),
        });
        continue;
      }
      problems.push(...rowProblems(rows, columnsOf(table), { ...where, table }, "given"));
    }
    for (const table of job.reads) {
      if (!(table in test.given))
        problems.push({
          ...where,
          table,
          message: "the job reads this table but the test gives no rows for it.",
          fix: `Add given.${table} (use [] for an empty table).`,
        });
    }
    const expected = Object.entries(test.expect);
    if (!expected.length)
      problems.push({
        ...where,
        message: "the test expects nothing.",
        fix: `Add expected rows for a table the job writes: ${job.writes.join(", ")}.`,
      });
    for (const [table, rows] of expected) {
      if (!job.writes.includes(table)) {
        problems.push({
          ...where,
          table,
          message: "expected rows for a table the job does not write.",
          fix: suggestion(table, job.writes, "sink table"),
        });
        continue;
      }
      problems.push(...rowProblems(rows, columnsOf(table), { ...where, table }, "expect"));
    }
  }
  return problems;
}
