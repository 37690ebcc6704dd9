import { Lineage, findCycle } from "./lineage";
import { JOB_NAME, SQL_ALIAS, catalogNameProblem, displayNameProblem, suggestCatalogName } from "./names";
import { predicateColumns } from "./predicates";
import { PipelineValidationError, type Problem, suggestion } from "./problems";
import { tablePrefix } from "./tables";
import { FORMATS, ZONES, type Column, type GlueType, type JobDef, type NodeDef, type Operand, type PipelineDef, type Predicate, type TableDef } from "./types";

/** One output column of a join: which side it comes from, its name there, and its name after the join. */
export interface JoinColumn {
  readonly side: "left" | "right";
  readonly name: string;
  readonly as: string;
}

export interface ResolvedNode {
  readonly def: NodeDef;
  /** Output schema (for a sink: the schema written). */
  readonly schema: readonly Column[];
  /** Node names this node reads, in order. */
  readonly inputs: readonly string[];
  /** Drop nodes: every column removed, with tag-selected ones resolved. */
  readonly dropped?: readonly string[];
  /** Inner and left joins: the explicit output column list. */
  readonly joinColumns?: readonly JoinColumn[];
}

export interface ResolvedTable {
  readonly def: TableDef;
  /** Data columns (without partition keys). */
  readonly columns: readonly Column[];
  readonly partitionKeys: readonly Column[];
  /** Key prefix in the data bucket, e.g. `customer/trusted/`. */
  readonly prefix: string;
  readonly producer?: string;
}

export interface ValidatedJob {
  readonly def: JobDef;
  readonly nodes: readonly ResolvedNode[];
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

export interface ValidatedPipeline {
  readonly def: PipelineDef;
  readonly tables: ReadonlyMap<string, ResolvedTable>;
  /** Jobs in lineage order. */
  readonly jobs: readonly ValidatedJob[];
  readonly lineage: Lineage;
}

const NUMERIC = new Set(["int", "bigint", "double", "float"]);
const INTEGRAL = new Set(["int", "bigint"]);
const isNumeric = (t: GlueType) => NUMERIC.has(t) || t.startsWith("decimal(");
const TEMPORAL = new Set(["date", "timestamp"]);

function keyTypesCompatible(a: GlueType, b: GlueType): boolean {
  return a === b || (INTEGRAL.has(a) && INTEGRAL.has(b));
}

function nodeInputs(n: NodeDef): string[] {
  switch (n.kind) {
    case "source":
      return [];
    case "join":
      return [n.input, n.right];
    case "sql":
      return Object.values(n.inputs);
    default:
      return [n.input];
  }
}

const withTags = (c: Column, extra: readonly string[] | undefined): Column => {
  const tags = [...new Set([...(c.tags ?? []), ...(extra ?? [])])] as Column["tags"];
  return tags && tags.length ? { ...c, tags } : c;
};

/**
 * Validates a pipeline and infers every node's schema. All problems are collected; the result
 * is either a fully resolved pipeline or the complete list of what to fix.
 */
export function validatePipeline(def: PipelineDef): { ok: true; pipeline: ValidatedPipeline } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (p: Problem) => problems.push(p);

  const tableDefs = new Map<string, TableDef>();
  checkTables(def, tableDefs, report);

  const jobNames = new Set<string>();
  for (const j of def.jobs) {
    if (!JOB_NAME.test(j.name))
      report({ code: "invalid-name", job: j.name, field: "name", message: "job names must be lower-case identifiers (a-z, 0-9, _), starting with a letter.", fix: `Rename the job, e.g. to ${JSON.stringify(suggestCatalogName(j.name))}.` });
    if (!/^[A-Za-z0-9_][A-Za-z0-9_./-]*\.ts$/.test(j.file) || j.file.split("/").includes(".."))
      report({ code: "invalid-path", job: j.name, field: "file", message: `the job's file ${JSON.stringify(j.file)} must be a relative .ts path of letters, digits, _, -, . and /; it is named in every generated script.`, fix: `Leave \`file\` unset (it defaults to "jobs/${j.name}.ts") or give the job's real path.` });
    if (j.description !== undefined && /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/u.test(j.description))
      report({ code: "invalid-name", job: j.name, field: "description", message: "the description holds control characters; it becomes comment lines in the script.", fix: "Use plain text; newlines are fine." });
    if (jobNames.has(j.name)) report({ code: "duplicate-name", job: j.name, field: "name", message: "two jobs have this name.", fix: "Give each job a unique name." });
    jobNames.add(j.name);
  }

  // Reads and writes first: they decide job order, which schema inference needs.
  const io = def.jobs.map((j) => ({
    name: j.name,
    reads: [...new Set(j.nodes.flatMap((n) => (n.kind === "source" && n.source.kind === "catalog" ? [n.source.table] : [])))],
    writes: j.nodes.flatMap((n) => (n.kind === "sink" ? [n.table] : [])),
  }));
  const tableNames = [...tableDefs.keys()];
  const writers = new Map<string, string[]>();
  for (const j of io) for (const t of j.writes) writers.set(t, [...(writers.get(t) ?? []), j.name]);
  for (const [t, ws] of writers) {
    if (ws.length > 1 && tableDefs.has(t))
      report({ code: "duplicate-writer", job: ws[1], field: t, message: `table ${JSON.stringify(t)} is written by ${ws.map((w) => JSON.stringify(w)).join(" and ")}; one table must have one writer.`, fix: "Write to a separate table from the second job, or merge the jobs." });
  }
  for (const j of def.jobs) {
    for (const n of j.nodes) {
      const t = n.kind === "source" && n.source.kind === "catalog" ? n.source.table : n.kind === "sink" ? n.table : undefined;
      if (t === undefined) continue;
      const table = tableDefs.get(t);
      if (!table) {
        report({ code: "unknown-table", job: j.name, node: n.name, field: t, message: `table ${JSON.stringify(t)} is not declared in the pipeline.`, fix: suggestion(t, tableNames, "table") });
      } else if (n.kind === "sink" && table.zone === "landing") {
        report({ code: "landing-sink", job: j.name, node: n.name, field: t, message: `table ${JSON.stringify(t)} is in the landing zone, which only ingestion writes.`, fix: "Sink into a trusted or curated table instead." });
      } else if (n.kind === "source" && table.zone !== "landing" && !writers.has(t)) {
        report({ code: "unproduced-table", job: j.name, node: n.name, field: t, message: `table ${JSON.stringify(t)} is in the ${table.zone} zone but no job writes it, so it would always be empty.`, fix: "Add a job that sinks into it, or read a landing table." });
      }
    }
  }

  const ioByName = new Map(io.map((j) => [j.name, j]));
  const upstreamOf = (name: string) => {
    const me = ioByName.get(name)!;
    return me.reads.flatMap((t) => (writers.get(t) ?? []).filter((w) => w !== name || me.writes.includes(t)));
  };
  const cycle = findCycle(io.map((j) => j.name), upstreamOf);
  if (cycle)
    report({ code: "cycle", job: cycle[0], message: `jobs depend on each other in a cycle: ${cycle.join(" → ")}.`, fix: "Break the cycle: a job must not read a table that it, or a job after it, writes." });

  const lineage = new Lineage(io, tableNames);
  const resolvedTables = new Map<string, ResolvedTable>();
  for (const t of tableDefs.values()) {
    if (t.zone === "landing" && t.columns)
      resolvedTables.set(t.name, { def: t, columns: t.columns, partitionKeys: [], prefix: tablePrefix(t) });
  }

  const jobsByName = new Map(def.jobs.map((j) => [j.name, j]));
  const validatedJobs: ValidatedJob[] = [];
  for (const name of lineage.jobOrder) {
    const j = jobsByName.get(name)!;
    const nodes = inferJob(j, tableDefs, resolvedTables, report);
    const me = ioByName.get(name)!;
    validatedJobs.push({ def: j, nodes, reads: me.reads, writes: me.writes });
    for (const n of nodes) {
      if (n.def.kind !== "sink" || resolvedTables.has(n.def.table) || !tableDefs.has(n.def.table)) continue;
      const t = tableDefs.get(n.def.table)!;
      if (t.zone === "landing") continue;
      const keys = n.def.write.partitionKeys;
      resolvedTables.set(t.name, {
        def: t,
        columns: n.schema.filter((c) => !keys.includes(c.name)),
        partitionKeys: keys.flatMap((k) => n.schema.filter((c) => c.name === k)),
        prefix: tablePrefix(t),
        producer: name,
      });
      if (t.columns) checkDeclaredSchema(j, n, t, report);
    }
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, pipeline: { def, tables: resolvedTables, jobs: validatedJobs, lineage } };
}

/** Like `validatePipeline`, but throws one error listing every problem. */
export function assertValid(def: PipelineDef): ValidatedPipeline {
  const r = validatePipeline(def);
  if (!r.ok) throw new PipelineValidationError(r.problems);
  return r.pipeline;
}

function checkTables(def: PipelineDef, out: Map<string, TableDef>, report: (p: Problem) => void) {
  const prefixes = new Map<string, string>();
  for (const t of def.tables) {
    const bad = catalogNameProblem(t.name);
    if (bad) report({ code: "invalid-name", field: t.name, message: `table name ${bad}.`, fix: `Rename it, e.g. to ${JSON.stringify(suggestCatalogName(t.name))}.` });
    if (out.has(t.name)) report({ code: "duplicate-name", field: t.name, message: "two tables have this name.", fix: "Give each table a unique name." });
    const entityBad = catalogNameProblem(t.entity);
    if (entityBad) report({ code: "invalid-name", field: `${t.name}.entity`, message: `the entity ${JSON.stringify(t.entity)} ${entityBad}; it becomes an S3 prefix.`, fix: `Use e.g. ${JSON.stringify(suggestCatalogName(t.entity))}.` });
    if (!ZONES.includes(t.zone)) report({ code: "invalid-name", field: `${t.name}.zone`, message: `zone ${JSON.stringify(t.zone)} is not one of ${ZONES.join(", ")}.`, fix: "Pick one of those zones." });
    if (!FORMATS.includes(t.format)) report({ code: "invalid-name", field: `${t.name}.format`, message: `format ${JSON.stringify(t.format)} is not one of ${FORMATS.join(", ")}.`, fix: "Pick one of those formats." });
    if (t.zone === "landing" && !t.columns?.length)
      report({ code: "missing-columns", field: t.name, message: "a landing table must declare its columns: they are the contract with the files that land.", fix: "Add `columns: [column(...), ...]` with Glue types." });
    if (t.zone === "landing" && t.format !== "json")
      report({ code: "invalid-name", field: `${t.name}.format`, message: "landing tables are JSON lines.", fix: 'Set `format: "json"`.' });
    if (t.columns) checkColumns(t.columns, (p) => report({ ...p, field: `${t.name}.${p.field}` }));
    const prefix = tablePrefix(t);
    const clash = prefixes.get(prefix);
    if (clash !== undefined && clash !== t.name)
      report({ code: "location-clash", field: t.name, message: `tables ${JSON.stringify(clash)} and ${JSON.stringify(t.name)} would share the S3 prefix ${prefix}.`, fix: "Give one of them another entity or zone." });
    prefixes.set(prefix, t.name);
    out.set(t.name, t);
  }
}

function checkColumns(columns: readonly Column[], report: (p: Omit<Problem, "job" | "node"> & { field: string }) => void) {
  const seen = new Set<string>();
  for (const c of columns) {
    const bad = catalogNameProblem(c.name);
    if (bad) report({ code: "invalid-name", field: c.name, message: `column name ${bad}.`, fix: `Rename it, e.g. to ${JSON.stringify(suggestCatalogName(c.name))}${c.jsonKey === undefined ? `, and keep the original as \`jsonKey: ${JSON.stringify(c.name)}\`` : ""}.` });
    if (seen.has(c.name)) report({ code: "duplicate-name", field: c.name, message: "two columns have this name.", fix: "Give each column a unique name." });
    seen.add(c.name);
    if (!isGlueType(c.type)) report({ code: "type-mismatch", field: c.name, message: `type ${JSON.stringify(c.type)} is not a supported Glue type.`, fix: "Use string, bigint, int, double, float, boolean, date, timestamp or decimal(p,s)." });
    if (c.jsonKey !== undefined && c.jsonKey === "") report({ code: "invalid-name", field: c.name, message: "jsonKey is empty.", fix: "Remove jsonKey or set it to the JSON field's key." });
  }
}

export function isGlueType(t: string): t is GlueType {
  if (["string", "bigint", "int", "double", "float", "boolean", "date", "timestamp"].includes(t)) return true;
  const m = /^decimal\((\d{1,2}),(\d{1,2})\)$/.exec(t);
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= 38 && Number(m[2]) <= Number(m[1]);
}

function checkDeclaredSchema(j: JobDef, n: ResolvedNode, t: TableDef, report: (p: Problem) => void) {
  const want = (t.columns ?? []).map((c) => `${c.name}:${c.type}`).join(", ");
  const got = n.schema.map((c) => `${c.name}:${c.type}`).join(", ");
  if (want !== got)
    report({ code: "schema-mismatch", job: j.name, node: n.def.name, field: t.name, message: `the sink writes (${got}) but table ${JSON.stringify(t.name)} declares (${want}).`, fix: "Change the job's transforms, or remove the declared columns and let the table take the inferred schema." });
}

function inferJob(j: JobDef, tables: ReadonlyMap<string, TableDef>, resolved: ReadonlyMap<string, ResolvedTable>, report: (p: Problem) => void): ResolvedNode[] {
  const out: ResolvedNode[] = [];
  const schemas = new Map<string, readonly Column[] | undefined>();
  const names = new Set<string>();
  const used = new Set<string>();
  let sinks = 0;

  for (const n of j.nodes) {
    const at = (p: Omit<Problem, "job" | "node">): void => report({ ...p, job: j.name, node: n.name });
    const badName = displayNameProblem(n.name);
    if (badName) at({ code: "invalid-name", field: "name", message: `the node's display name ${badName}.`, fix: "Use a short, one-line, human-readable name such as \"Customer Trusted\"." });
    if (names.has(n.name)) at({ code: "duplicate-name", field: "name", message: "two nodes in this job have this display name, but it names the script variable.", fix: "Give each node a unique display name." });
    names.add(n.name);

    // Input schemas; `undefined` means an earlier problem already made it unknowable.
    let inputsKnown = true;
    const inputSchemas: (readonly Column[])[] = [];
    for (const input of nodeInputs(n)) {
      used.add(input);
      if (!schemas.has(input)) {
        at({ code: "unknown-node", field: input, message: `input ${JSON.stringify(input)} is not an earlier node of this job (a frame from another job cannot be used here).`, fix: "Read the other job's output table with `source(...)` instead." });
        inputsKnown = false;
        continue;
      }
      const s = schemas.get(input);
      if (!s) inputsKnown = false;
      else inputSchemas.push(s);
    }
    const input = inputSchemas[0]!;
    const requireColumn = (schema: readonly Column[], name: string, what = "column"): Column | undefined => {
      const c = schema.find((x) => x.name === name);
      if (!c) at({ code: "unknown-column", field: name, message: `${what} ${JSON.stringify(name)} does not exist here.`, fix: suggestion(name, schema.map((x) => x.name), "column") });
      return c;
    };

    let schema: readonly Column[] | undefined;
    let extra: Partial<ResolvedNode> = {};
    switch (n.kind) {
      case "source": {
        if (n.source.kind === "catalog") {
          const t = tables.get(n.source.table);
          const r = resolved.get(n.source.table);
          schema = r ? [...r.columns, ...r.partitionKeys] : t?.zone === "landing" ? t.columns : undefined;
        } else {
          const pathProblem = s3PathProblem(n.source.path);
          if (pathProblem) at({ code: "invalid-path", field: "path", message: `S3 path ${JSON.stringify(n.source.path)} ${pathProblem}.`, fix: 'Use a key prefix in the data bucket such as "customer/landing/", or a full "s3://bucket/prefix/".' });
          if (!n.source.columns.length) at({ code: "missing-columns", field: "columns", message: "an S3 JSON source must declare its columns.", fix: "Pass the columns with Glue types." });
          checkColumns(n.source.columns, at);
          schema = n.source.columns;
        }
        break;
      }
      case "filter":
        if (inputsKnown) {
          checkPredicate(n.predicate, input, at, requireColumn);
          schema = input;
        }
        break;
      case "join": {
        if (!inputsKnown) break;
        const [left, right] = inputSchemas as [readonly Column[], readonly Column[]];
        if (!n.on.length) at({ code: "unknown-column", field: "on", message: "a join needs at least one key pair.", fix: "Pass `on: { leftColumn: \"rightColumn\" }`." });
        let keysOk = true;
        for (const [l, r] of n.on) {
          const lc = requireColumn(left, l, "left key");
          const rc = requireColumn(right, r, "right key");
          if (!lc || !rc) keysOk = false;
          else if (!keyTypesCompatible(lc.type, rc.type)) {
            keysOk = false;
            at({ code: "join-key-type", field: `${l} = ${r}`, message: `join key types differ: ${l} is ${lc.type}, ${r} is ${rc.type}, so no row would ever match.`, fix: `Cast one side first with applyMapping, e.g. [${JSON.stringify(r)}, ${JSON.stringify(r)}, ${JSON.stringify(lc.type)}].` });
          }
        }
        if (n.type === "semi" || n.type === "anti") {
          if (n.rightPrefix !== undefined) at({ code: "ambiguous-column", field: "rightPrefix", message: `a ${n.type} join keeps only left-hand columns, so rightPrefix does nothing.`, fix: "Remove rightPrefix." });
          schema = keysOk ? left : undefined;
          break;
        }
        if (n.rightPrefix !== undefined && !/^[a-z_][a-z0-9_]*$/.test(n.rightPrefix))
          at({ code: "invalid-name", field: "rightPrefix", message: "rightPrefix must be a lower-case identifier.", fix: 'Use e.g. "right_".' });
        const joinColumns: JoinColumn[] = left.map((c) => ({ side: "left", name: c.name, as: c.name }));
        const cols: Column[] = [...left];
        const taken = new Set(left.map((c) => c.name));
        const merged = new Set(n.on.filter(([l, r]) => l === r).map(([, r]) => r));
        for (const c of right) {
          if (merged.has(c.name)) continue;
          let as = c.name;
          if (taken.has(as)) {
            if (n.rightPrefix === undefined) {
              at({ code: "ambiguous-column", field: c.name, message: `column ${JSON.stringify(c.name)} exists on both sides of the join, so the output would be ambiguous.`, fix: `Set \`rightPrefix: "right_"\` on the join, or drop or rename ${JSON.stringify(c.name)} on one side first.` });
              keysOk = false;
              continue;
            }
            as = n.rightPrefix + c.name;
            if (taken.has(as)) {
              at({ code: "ambiguous-column", field: as, message: `prefixed right-hand column ${JSON.stringify(as)} collides with an existing column.`, fix: "Choose another rightPrefix." });
              keysOk = false;
              continue;
            }
          }
          taken.add(as);
          joinColumns.push({ side: "right", name: c.name, as });
          cols.push({ ...c, name: as });
        }
        if (keysOk) {
          schema = cols;
          extra = { joinColumns };
        }
        break;
      }
      case "select": {
        if (!inputsKnown) break;
        const picked: Column[] = [];
        const seen = new Set<string>();
        for (const name of n.columns) {
          if (seen.has(name)) at({ code: "duplicate-name", field: name, message: "this column is selected twice.", fix: "List each column once." });
          seen.add(name);
          const c = requireColumn(input, name);
          if (c) picked.push(c);
        }
        if (!n.columns.length) at({ code: "missing-columns", field: "columns", message: "select keeps no columns.", fix: "List the columns to keep." });
        schema = picked;
        break;
      }
      case "drop": {
        if (!inputsKnown) break;
        for (const name of n.columns) requireColumn(input, name);
        const dropped = new Set([...n.columns, ...input.filter((c) => n.tagged && c.tags?.includes(n.tagged)).map((c) => c.name)]);
        schema = input.filter((c) => !dropped.has(c.name));
        if (!schema.length) at({ code: "missing-columns", field: "columns", message: "drop removes every column.", fix: "Keep at least one column." });
        extra = { dropped: input.filter((c) => dropped.has(c.name)).map((c) => c.name) };
        break;
      }
      case "applyMapping": {
        if (!inputsKnown) break;
        const result: Column[] = [];
        const targets = new Set<string>();
        const bySource = new Map(n.mappings.map((m) => [m.from, m]));
        for (const m of n.mappings) {
          const c = requireColumn(input, m.from);
          const bad = catalogNameProblem(m.to);
          if (bad) at({ code: "invalid-name", field: m.to, message: `target column name ${bad}.`, fix: `Use e.g. ${JSON.stringify(suggestCatalogName(m.to))}.` });
          if (m.type !== undefined && m.type.startsWith("decimal"))
            at({ code: "type-mismatch", field: m.from, message: "ApplyMapping has no documented way to cast to a decimal with precision and scale.", fix: `Use a SQL node: CAST(${m.from} AS ${m.type}) AS ${m.to}.` });
          else if (m.type !== undefined && !isGlueType(m.type)) at({ code: "type-mismatch", field: m.from, message: `type ${JSON.stringify(m.type)} is not a supported Glue type.`, fix: "Use string, bigint, int, double, float, boolean, date, timestamp or decimal(p,s)." });
          if (targets.has(m.to)) at({ code: "duplicate-name", field: m.to, message: "two mappings produce this column.", fix: "Give each target column a unique name." });
          targets.add(m.to);
          if (c && !n.keepUnmapped) result.push({ ...c, name: m.to, type: m.type ?? c.type });
        }
        if (n.keepUnmapped) {
          for (const c of input) {
            const m = bySource.get(c.name);
            if (!m && targets.has(c.name)) at({ code: "ambiguous-column", field: c.name, message: `a renamed column takes the name of the existing column ${JSON.stringify(c.name)}.`, fix: "Rename or drop that column too." });
            result.push(m ? { ...c, name: m.to, type: m.type ?? c.type } : c);
          }
        }
        schema = result;
        break;
      }
      case "dropDuplicates":
        if (!inputsKnown) break;
        for (const k of n.keys ?? []) requireColumn(input, k, "key");
        schema = input;
        break;
      case "sql": {
        if (!n.query.trim()) at({ code: "missing-columns", field: "query", message: "the SQL query is empty.", fix: "Write the query." });
        if (!Object.keys(n.inputs).length) at({ code: "unknown-node", field: "inputs", message: "a SQL node needs at least one named input.", fix: "Pass `{ alias: frame }`." });
        for (const alias of Object.keys(n.inputs))
          if (!SQL_ALIAS.test(alias)) at({ code: "invalid-name", field: alias, message: "SQL input aliases become temp view names and must be identifiers.", fix: `Use e.g. ${JSON.stringify(suggestCatalogName(alias))}.` });
        if (!n.columns.length) at({ code: "missing-columns", field: "columns", message: "a SQL node must declare its output columns; they are checked at run time.", fix: "Pass the output columns with Glue types." });
        checkColumns(n.columns, at);
        // A column the query passes through keeps its tags (e.g. PII), whatever the declaration says.
        const inherited = new Map<string, readonly string[]>();
        for (const s of inputSchemas) for (const c of s) if (c.tags) inherited.set(c.name, [...(inherited.get(c.name) ?? []), ...c.tags]);
        schema = n.columns.map((c) => withTags(c, inherited.get(c.name)));
        break;
      }
      case "sink": {
        sinks++;
        if (!inputsKnown) break;
        for (const k of n.write.partitionKeys) requireColumn(input, k, "partition key");
        if (n.write.partitionKeys.length >= input.length && input.length)
          at({ code: "missing-columns", field: "partitionKeys", message: "every column is a partition key, so no data column is left.", fix: "Partition by fewer columns." });
        if (n.write.mode !== "overwrite" && n.write.mode !== "append")
          at({ code: "invalid-name", field: "mode", message: `write mode ${JSON.stringify(n.write.mode)} is not overwrite or append.`, fix: "Use overwrite (re-runs replace the table) or append." });
        schema = input;
        break;
      }
    }
    schemas.set(n.name, schema);
    out.push({ def: n, schema: schema ?? [], inputs: nodeInputs(n), ...extra });
  }

  for (const n of j.nodes)
    if (n.kind !== "sink" && !used.has(n.name))
      report({ code: "unused-node", job: j.name, node: n.name, message: "this node's output is never used.", fix: "Sink it, feed it into another node, or remove it." });
  if (!sinks) report({ code: "no-sink", job: j.name, message: "the job writes nothing.", fix: "Add a `sink(...)`." });
  return out;
}

function checkPredicate(
  p: Predicate,
  schema: readonly Column[],
  at: (p: Omit<Problem, "job" | "node">) => void,
  requireColumn: (s: readonly Column[], name: string) => Column | undefined,
) {
  switch (p.op) {
    case "and":
    case "or":
      if (p.args.length < 2) at({ code: "missing-columns", field: p.op, message: `${p.op} needs at least two predicates.`, fix: `Pass two or more predicates to ${p.op}(...), or use the predicate alone.` });
      for (const a of p.args) checkPredicate(a, schema, at, requireColumn);
      return;
    case "not":
      checkPredicate(p.arg, schema, at, requireColumn);
      return;
    case "isNull":
    case "isNotNull":
      requireColumn(schema, p.column);
      return;
    default: {
      const left = requireColumn(schema, p.column);
      if (!left) {
        for (const c of predicateColumns(p).slice(1)) requireColumn(schema, c);
        return;
      }
      checkOperand(p.column, left.type, p.right, schema, at, requireColumn);
    }
  }
}

function checkOperand(
  column: string,
  type: GlueType,
  right: Operand,
  schema: readonly Column[],
  at: (p: Omit<Problem, "job" | "node">) => void,
  requireColumn: (s: readonly Column[], name: string) => Column | undefined,
) {
  if ("column" in right) {
    const other = requireColumn(schema, right.column);
    if (other && !(other.type === type || (isNumeric(other.type) && isNumeric(type))))
      at({ code: "type-mismatch", field: `${column}, ${right.column}`, message: `cannot compare ${column} (${type}) with ${right.column} (${other.type}).`, fix: "Cast one column with applyMapping first." });
    return;
  }
  const v = right.literal;
  if (typeof v === "number" && !Number.isFinite(v)) {
    at({ code: "invalid-literal", field: column, message: `literal ${String(v)} is not a finite number.`, fix: "Use a finite number, or isNull/isNotNull for missing values." });
    return;
  }
  const kind = typeof v === "bigint" || typeof v === "number" ? "number" : typeof v;
  const fits = kind === "number" ? isNumeric(type) : kind === "string" ? type === "string" || TEMPORAL.has(type) : kind === "boolean" ? type === "boolean" : false;
  if (!fits)
    at({ code: "type-mismatch", field: column, message: `column ${column} is ${type} but is compared with a ${kind} literal.`, fix: `Compare it with a ${isNumeric(type) ? "number" : type === "boolean" ? "boolean" : "string"} literal.` });
}

/** Paths are IAM resources too, so wildcard and policy-variable characters are refused. */
export function s3PathProblem(path: string): string | undefined {
  const key = path.startsWith("s3://") ? path.slice(5).split("/").slice(1).join("/") : path;
  if (path.startsWith("s3://") && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\//.test(path)) return "does not start with a valid bucket name";
  if (!key || !key.endsWith("/")) return "must be a key prefix ending in /";
  if (key.startsWith("/") || key.split("/").some((s) => s === "." || s === "..")) return "must not start with / or contain . or .. segments";
  if (/[*?$\u0000-\u001f\u007f]/u.test(key)) return "contains *, ?, $ or a control character, which IAM policies or S3 tools would misread";
  if (/[\uD800-\uDFFF]/u.test(key.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))) return "is not valid Unicode";
  return undefined;
}

