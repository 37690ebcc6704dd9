import { withTableQuality } from "./table-quality";
import { inferNode, nodeInputs, nodeTables } from "../nodes";
import type { InferContext } from "../nodes/kind";
import type { JobDef, PipelineDef, ResolvedNode, ResolvedTable, ValidatedJob } from "../nodes/pipeline";
import { findTableFormat, TABLE_FORMATS, tableFormatNames, tableFormats } from "../table-formats";
import { withTableKinds } from "./table-kinds";
import { checkColumns, s3PathProblem } from "../model/columns";
import { Lineage, findCycle } from "./lineage";
import { JOB_NAME, catalogNameProblem, displayNameProblem, suggestCatalogName } from "../model/names";
import { PipelineValidationError, type Problem, suggestion } from "../model/problems";
import { keptKind, tablePrefix } from "../model/tables";
import { ZONES, type Column, type TableDef } from "../model/types";

// What validation resolves for each node, table and job is defined with the node kinds, whose views read it.
export type { ResolvedNode, ResolvedTable, ValidatedJob } from "../nodes/pipeline";

export interface ValidatedPipeline {
  readonly def: PipelineDef;
  readonly tables: ReadonlyMap<string, ResolvedTable>;
  /** Jobs in lineage order. */
  readonly jobs: readonly ValidatedJob[];
  readonly lineage: Lineage;
}

/**
 * Validates a pipeline and infers every node's schema. All problems are collected; the result
 * is either a fully resolved pipeline or the complete list of what to fix.
 */
export function validatePipeline(
  declared: PipelineDef,
): { ok: true; pipeline: ValidatedPipeline } | { ok: false; problems: Problem[] } {
  // Each sink writes as its table is kept; a table's rules become an Evaluate Data Quality node before it.
  const def = withTableQuality(withTableKinds(declared));
  const problems: Problem[] = [];
  const report = (p: Problem) => problems.push(p);

  const tableDefs = new Map<string, TableDef>();
  checkTables(def, tableDefs, report);

  const jobNames = new Set<string>();
  for (const j of def.jobs) {
    if (!JOB_NAME.test(j.name))
      report({
        code: "invalid-name",
        job: j.name,
        field: "name",
        message: "job names must be lower-case identifiers (a-z, 0-9, _), starting with a letter.",
        fix: `Rename the job, e.g. to ${JSON.stringify(suggestCatalogName(j.name))}.`,
      });
    const file = j.file ?? "";
    if (!/^[A-Za-z0-9_][A-Za-z0-9_./-]*\.ts$/.test(file) || file.split("/").includes(".."))
      report({
        code: "invalid-path",
        job: j.name,
        field: "file",
        message: `the job's file ${JSON.stringify(j.file)} must be a relative .ts path of letters, digits, _, -, . and /; it is named in every generated script.`,
        fix: `Leave \`file\` unset (it defaults to "jobs/${def.name}/${j.name}.ts") or give the job's real path.`,
      });
    // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
    if (j.description !== undefined && /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/u.test(j.description))
      report({
        code: "control-characters",
        job: j.name,
        field: "description",
        message: "the description holds control characters; it becomes comment lines in the script.",
        fix: "Use plain text; newlines are fine.",
      });
    if (jobNames.has(j.name))
      report({
        code: "duplicate-name",
        job: j.name,
        field: "name",
        message: "two jobs have this name.",
        fix: "Give each job a unique name.",
      });
    jobNames.add(j.name);
  }

  // Reads and writes first: they decide job order, which schema inference needs.
  const io = def.jobs.map((j) => ({
    name: j.name,
    reads: [...new Set(j.nodes.flatMap((n) => nodeTables(n).reads))],
    writes: j.nodes.flatMap((n) => nodeTables(n).writes.map((w) => w.table)),
  }));
  const tableNames = [...tableDefs.keys()];
  const writers = new Map<string, string[]>();
  for (const j of io) for (const t of j.writes) writers.set(t, [...(writers.get(t) ?? []), j.name]);
  for (const [t, ws] of writers) {
    if (ws.length > 1 && tableDefs.has(t))
      report({
        code: "duplicate-writer",
        job: ws[1],
        field: t,
        message: `table ${JSON.stringify(t)} is written by ${ws.map((w) => JSON.stringify(w)).join(" and ")}; one table must have one writer.`,
        fix: "Write to a separate table from the second job, or merge the jobs.",
      });
  }
  for (const j of def.jobs) {
    for (const n of j.nodes) {
      const { reads, writes } = nodeTables(n);
      for (const [t, writing] of [
        ...reads.map((r) => [r, false] as const),
        ...writes.map((w) => [w.table, true] as const),
      ]) {
        const table = tableDefs.get(t);
        if (!table) {
          report({
            code: "unknown-table",
            job: j.name,
            node: n.name,
            field: t,
            message: `table ${JSON.stringify(t)} is not declared in the pipeline.`,
            fix: suggestion(t, tableNames, "table"),
          });
        } else if (writing && table.zone === "landing") {
          report({
            code: "landing-sink",
            job: j.name,
            node: n.name,
            field: t,
            message: `table ${JSON.stringify(t)} is in the landing zone, which only ingestion writes.`,
            fix: "Sink into a trusted or curated table instead.",
          });
        } else if (!writing && table.zone !== "landing" && !writers.has(t)) {
          report({
            code: "unproduced-table",
            job: j.name,
            node: n.name,
            field: t,
            message: `table ${JSON.stringify(t)} is in the ${table.zone} zone but no job writes it, so it would always be empty.`,
            fix: "Add a job that sinks into it, or read a landing table.",
          });
        }
      }
    }
  }

  const ioByName = new Map(io.map((j) => [j.name, j]));
  const upstreamOf = (name: string) => {
    const me = ioByName.get(name)!;
    return me.reads.flatMap((t) => (writers.get(t) ?? []).filter((w) => w !== name || me.writes.includes(t)));
  };
  const cycle = findCycle(
    io.map((j) => j.name),
    upstreamOf,
  );
  if (cycle)
    report({
      code: "cycle",
      job: cycle[0],
      message: `jobs depend on each other in a cycle: ${cycle.join(" → ")}.`,
      fix: "Break the cycle: a job must not read a table that it, or a job after it, writes.",
    });

  const lineage = new Lineage(io, tableNames);
  const resolvedTables = new Map<string, ResolvedTable>();
  for (const t of tableDefs.values()) {
    if (t.zone === "landing" && t.columns)
      resolvedTables.set(t.name, { def: t, columns: t.columns, partitionKeys: [], prefix: tablePrefix(t) });
  }

  const jobsByName = new Map(def.jobs.map((j) => [j.name, j]));
  const validatedJobs: ValidatedJob[] = [];
  const cascade = new Cascade(problems);
  for (const name of lineage.jobOrder) {
    const j = jobsByName.get(name)!;
    const nodes = inferJob(j, tableDefs, resolvedTables, report, cascade);
    const me = ioByName.get(name)!;
    validatedJobs.push({ def: j, nodes, reads: me.reads, writes: me.writes });
    for (const n of nodes)
      for (const w of n.io.writes) {
        if (resolvedTables.has(w.table) || !tableDefs.has(w.table)) continue;
        const t = tableDefs.get(w.table)!;
        if (t.zone === "landing") continue;
        const keys = w.partitionKeys;
        resolvedTables.set(t.name, {
          def: t,
          columns: n.schema.filter((c) => !keys.includes(c.name)),
          partitionKeys: keys.flatMap((k) => n.schema.filter((c) => c.name === k)),
          prefix: tablePrefix(t),
          producer: name,
        });
        // A table written from a node whose columns are not all known is not known either, in every job reading it.
        const blockers = cascade.blockersOf(j.name, n.def.name);
        cascade.setTableBlockers(t.name, blockers);
        if (t.columns && blockers.size)
          cascade.hold(blockers, j.name, n.def.name, `the columns table "${t.name}" declares`);
        else if (t.columns) checkDeclaredSchema(j, n, t, report);
      }
  }

  if (problems.length) return { ok: false, problems: cascade.annotated() };
  return { ok: true, pipeline: { def, tables: resolvedTables, jobs: validatedJobs, lineage } };
}

/** Like `validatePipeline`, but throws one error listing every problem. */
export function assertValid(def: PipelineDef): ValidatedPipeline {
  const r = validatePipeline(def);
  if (!r.ok) throw new PipelineValidationError(r.problems);
  return r.pipeline;
}

function checkTables(def: PipelineDef, out: Map<string, TableDef>, report: (p: Problem) => void) {
  const prefixes: { prefix: string; table: string }[] = [];
  for (const t of def.tables) {
    const bad = catalogNameProblem(t.name);
    if (bad)
      report({
        code: "invalid-name",
        field: t.name,
        message: `table name ${bad}.`,
        fix: `Rename it, e.g. to ${JSON.stringify(suggestCatalogName(t.name))}.`,
      });
    if (out.has(t.name))
      report({
        code: "duplicate-name",
        field: t.name,
        message: "two tables have this name.",
        fix: "Give each table a unique name.",
      });
    const entityBad = catalogNameProblem(t.entity);
    if (entityBad)
      report({
        code: "invalid-name",
        field: `${t.name}.entity`,
        message: `the entity ${JSON.stringify(t.entity)} ${entityBad}; it becomes an S3 prefix.`,
        fix: `Use e.g. ${JSON.stringify(suggestCatalogName(t.entity))}.`,
      });
    if (!ZONES.includes(t.zone))
      report({
        code: "invalid-zone",
        field: `${t.name}.zone`,
        message: `zone ${JSON.stringify(t.zone)} is not one of ${ZONES.join(", ")}.`,
        fix: "Pick one of those zones.",
      });
    const format = findTableFormat(t.format);
    if (!format)
      report({
        code: "invalid-format",
        field: `${t.name}.format`,
        message: `format ${JSON.stringify(t.format)} is not one of ${tableFormatNames().join(", ")}.`,
        fix: "Pick one of those formats.",
      });
    if (t.zone === "landing" && !t.columns?.length)
      report({
        code: "missing-columns",
        field: t.name,
        message: "a landing table must declare its columns: they are the contract with the files that land.",
        fix: "Add `columns: [column(...), ...]` with Glue types.",
      });
    if (t.zone === "landing" && format && !format.landing)
      report({
        code: "invalid-format",
        field: `${t.name}.format`,
        message: "landing tables are JSON lines.",
        fix: `Set \`format: ${JSON.stringify(tableFormats().find((m) => m.landing)?.name ?? "json")}\`.`,
      });
    checkKept(t, report);
    if (t.columns) checkColumns(t.columns, (p) => report({ ...p, field: `${t.name}.${p.field}` }));
    if (t.prefix !== undefined) {
      const bad =
        s3PathProblem(t.prefix) ??
        (t.prefix.startsWith("s3://") || t.prefix.startsWith("_rejected/") || t.prefix.split("/").includes("rejected")
          ? "must be a key prefix in the data bucket outside the rejected-record areas"
          : undefined);
      if (bad)
        report({
          code: "invalid-path",
          field: `${t.name}.prefix`,
          message: `prefix ${JSON.stringify(t.prefix)} ${bad}.`,
          fix: `Use e.g. ${JSON.stringify(`${t.entity}/${t.zone}/${t.name}/`)}, or leave prefix unset for ${JSON.stringify(`${t.entity}/${t.zone}/`)}.`,
        });
    }
    prefixes.push({ prefix: tablePrefix(t), table: t.name });
    out.set(t.name, t);
  }
  reportOverlaps(prefixes, report);
}

/**
 * Refuses two tables whose prefixes are equal or nested: an overwrite of one would purge the other. In
 * sorted order every prefix that starts with `p` follows `p` directly, so this is a sort and a short scan.
 */
function reportOverlaps(prefixes: { prefix: string; table: string }[], report: (p: Problem) => void) {
  const sorted = [...prefixes].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  sorted.forEach((a, i) => {
    for (let j = i + 1; j < sorted.length && sorted[j]!.prefix.startsWith(a.prefix); j++) {
      const b = sorted[j]!;
      if (a.table === b.table) continue;
      const how =
        a.prefix === b.prefix
          ? `would share the S3 prefix ${a.prefix}`
          : `would overlap: ${b.prefix} is inside ${a.prefix}`;
      report({
        code: "location-clash",
        field: b.table,
        message: `tables ${JSON.stringify(a.table)} and ${JSON.stringify(b.table)} ${how}, so writing one would change the other.`,
        fix: `Give ${JSON.stringify(b.table)} its own prefix that is not inside another table's, e.g. \`prefix: ${JSON.stringify(`${b.prefix.split("/")[0]}/${b.table}/`)}\`, or another entity or zone.`,
      });
    }
  });
}

/** A table's `kept`: one of the kinds, a merge with key columns, and not on a landing table. */
function checkKept(t: TableDef, report: (p: Problem) => void): void {
  if (t.kept === undefined) return;
  const field = `${t.name}.kept`;
  const kind = keptKind(t);
  if (kind === undefined)
    report({
      code: "invalid-kept",
      field,
      message: `kept ${JSON.stringify(t.kept)} is not "recompute", "append" or { merge: [...key columns] }.`,
      fix: 'Declare `kept: "recompute"` (every run replaces the table), `"append"`, or `{ merge: ["id"] }`.',
    });
  else if (t.zone === "landing")
    report({
      code: "invalid-kept",
      field,
      message: "a landing table is written by ingestion, not by a job, so how jobs keep it does not apply.",
      fix: "Remove `kept` from the landing table; declare it on the trusted or curated table a job writes.",
    });
  else if (kind === "merge" && typeof t.kept === "object" && !t.kept.merge.length)
    report({
      code: "missing-columns",
      field,
      message: "a merge table needs the key columns that identify a row.",
      fix: 'Name them, e.g. `kept: { merge: ["order_id"] }`.',
    });
}

function checkDeclaredSchema(j: JobDef, n: ResolvedNode, t: TableDef, report: (p: Problem) => void) {
  const want = (t.columns ?? []).map((c) => `${c.name}:${c.type}`).join(", ");
  const got = n.schema.map((c) => `${c.name}:${c.type}`).join(", ");
  if (want !== got)
    report({
      code: "schema-mismatch",
      job: j.name,
      node: n.def.name,
      field: t.name,
      message: `the sink writes (${got}) but table ${JSON.stringify(t.name)} declares (${want}).`,
      fix: "Change the job's transforms, or remove the declared columns and let the table take the inferred schema.",
    });
}

/**
 * Problem codes that only say a column is missing, or that schemas differ: downstream of a node whose columns are
 * not all known, such a problem is most likely that node's problem again, so it is held up instead of reported.
 */
const FOLLOWS_FROM_INPUT = new Set<Problem["code"]>(["unknown-column", "schema-differs", "schema-mismatch"]);
/** Problems that can leave a node's output without some of its columns (the field names the column, not kept). */
const LEAVES_COLUMNS_OUT = new Set<Problem["code"]>([
  "unknown-column",
  "unknown-table",
  "unknown-node",
  "type-mismatch",
  "invalid-literal",
  "unknown-function",
  "empty-query",
  "missing-columns",
  "schema-differs",
  "ambiguous-column",
  "join-key-type",
]);

/**
 * What a problem upstream holds up. A node whose own problem may have left columns out of its output, or that
 * has no output, makes that problem a blocker of everything downstream, in its job and (through the tables it
 * writes) in later jobs. Downstream, a check that could only repeat it (a missing column) is recorded once on
 * the blocker (`Problem.heldUp`), not reported again.
 */
class Cascade {
  private readonly nodes = new Map<string, ReadonlySet<Problem>>();
  private readonly tables = new Map<string, ReadonlySet<Problem>>();
  /** Per blocker: the nodes it held up ("job … node …"), each with the fields whose checks waited. */
  private readonly held = new Map<Problem, Map<string, string[]>>();

  constructor(private readonly problems: readonly Problem[]) {}

  blockersOf(job: string, node: string): ReadonlySet<Problem> {
    return this.nodes.get(`${job}\u0000${node}`) ?? new Set();
  }

  setNodeBlockers(job: string, node: string, blockers: ReadonlySet<Problem>): void {
    this.nodes.set(`${job}\u0000${node}`, blockers);
  }

  tableBlockers(table: string): ReadonlySet<Problem> {
    return this.tables.get(table) ?? new Set();
  }

  setTableBlockers(table: string, blockers: ReadonlySet<Problem>): void {
    if (blockers.size) this.tables.set(table, blockers);
  }

  /** The first problem reported at this node (validation of reads and writes reports some before inference). */
  firstProblemAt(job: string, node: string): Problem | undefined {
    return this.problems.find((p) => p.job === job && p.node === node);
  }

  hold(blockers: ReadonlySet<Problem>, job: string, node: string, what: string | undefined): void {
    const where = `job ${JSON.stringify(job)} node ${JSON.stringify(node)}`;
    for (const b of blockers) {
      const nodes = this.held.get(b) ?? new Map<string, string[]>();
      const fields = nodes.get(where) ?? [];
      if (what !== undefined && !fields.includes(what)) fields.push(what);
      this.held.set(b, nodes.set(where, fields));
    }
  }

  /** The problems, each blocker with what it held up. */
  annotated(): Problem[] {
    return this.problems.map((p) => {
      const nodes = this.held.get(p);
      if (!nodes) return p;
      const heldUp = [...nodes].map(([where, fields]) => (fields.length ? `${where} (${fields.join(", ")})` : where));
      return { ...p, heldUp };
    });
  }
}

function inferJob(
  j: JobDef,
  tables: ReadonlyMap<string, TableDef>,
  resolved: ReadonlyMap<string, ResolvedTable>,
  report: (p: Problem) => void,
  cascade: Cascade,
): ResolvedNode[] {
  const out: ResolvedNode[] = [];
  const schemas = new Map<string, readonly Column[]>();
  const names = new Set<string>();
  const used = new Set<string>();

  for (const n of j.nodes) {
    // The problems upstream that left some of this node's input columns unknown.
    const blockers = new Set<Problem>();
    for (const t of nodeTables(n).reads) for (const b of cascade.tableBlockers(t)) blockers.add(b);
    const own: Problem[] = [];
    const at: InferContext["at"] = (p) => {
      if (blockers.size && FOLLOWS_FROM_INPUT.has(p.code)) {
        cascade.hold(blockers, j.name, n.name, p.field);
        return;
      }
      const problem: Problem = { ...p, job: j.name, node: n.name };
      own.push(problem);
      report(problem);
    };
    const badName = displayNameProblem(n.name);
    if (badName)
      at({
        code: "invalid-name",
        field: "name",
        message: `the node's display name ${badName}.`,
        fix: 'Use a short, one-line, human-readable name such as "Customer Trusted".',
      });
    if (names.has(n.name))
      at({
        code: "duplicate-name",
        field: "name",
        message: "two nodes in this job have this display name, but it names the script variable.",
        fix: "Give each node a unique display name.",
      });
    names.add(n.name);

    const inputNames = nodeInputs(n);
    // An input that is no node of this job leaves nothing to check against: this node's problem, not a cascade.
    let inputsExist = true;
    const inputSchemas: (readonly Column[])[] = [];
    for (const input of inputNames) {
      used.add(input);
      const s = schemas.get(input);
      if (!s) {
        at({
          code: "unknown-node",
          field: input,
          message: `input ${JSON.stringify(input)} is not an earlier node of this job (a frame from another job cannot be used here).`,
          fix: "Read the other job's output table with `source(...)` instead.",
        });
        inputsExist = false;
        continue;
      }
      inputSchemas.push(s);
      for (const b of cascade.blockersOf(j.name, input)) blockers.add(b);
    }
    const requireColumn: InferContext["requireColumn"] = (schema, name, what = "column") => {
      const c = schema.find((x) => x.name === name);
      if (!c)
        at({
          code: "unknown-column",
          field: name,
          message: `${what} ${JSON.stringify(name)} does not exist here.`,
          fix: suggestion(
            name,
            schema.map((x) => x.name),
            "column",
          ),
        });
      return c;
    };
    const inferred = inferNode(n, {
      job: j,
      formats: TABLE_FORMATS,
      inputs: inputsExist ? inputSchemas : undefined,
      inputsComplete: blockers.size === 0,
      tables,
      resolved,
      at,
      requireColumn,
    });
    const schema = inferred?.schema ?? [];
    const kept = new Set(schema.map((c) => c.name));
    const cause = own.find((p) => LEAVES_COLUMNS_OUT.has(p.code) && !(p.field !== undefined && kept.has(p.field)));
    const root = inferred === undefined ? (cause ?? own[0] ?? cascade.firstProblemAt(j.name, n.name)) : cause;
    cascade.setNodeBlockers(j.name, n.name, root ? new Set([...blockers, root]) : blockers);
    schemas.set(n.name, schema);
    out.push({
      def: n,
      schema,
      inputs: inputNames,
      detail: inferred?.detail,
      io: nodeTables(n),
    });
  }

  // A node that writes a table is an end of the job; any other must feed one.
  for (const n of j.nodes)
    if (!nodeTables(n).writes.length && !used.has(n.name))
      report({
        code: "unused-node",
        job: j.name,
        node: n.name,
        message: "this node's output is never used.",
        fix: "Sink it, feed it into another node, or remove it.",
      });
  if (!j.nodes.some((n) => nodeTables(n).writes.length))
    report({ code: "no-sink", job: j.name, message: "the job writes nothing.", fix: "Add a `sink(...)`." });
  return out;
}
