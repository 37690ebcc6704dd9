/** SQL: Spark SQL over named inputs, as Glue Studio's SQL node; the declared columns are checked at run time. */
import { checkColumns } from "../model/columns";
import { SQL_ALIAS, suggestCatalogName } from "../model/names";
import { suggestion } from "../model/problems";
import { sqlRelations } from "../model/sql-relations";
import type { Column } from "../model/types";
import type { Frame } from "./pipeline";
import { known, type NoMethods, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface SqlNode extends NodeCommon {
  readonly kind: "sql";
  /** alias → node name: each input becomes a temp view of that alias. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly query: string;
  readonly columns: readonly Column[];
}

export interface SqlMethods {
  /**
   * Spark SQL over named inputs. The declared columns are the node's schema, checked against the real
   * result at run time (`assertSchema`).
   *
   * ```ts
   * sql("SELECT country, SUM(amount) AS total FROM orders GROUP BY country", { orders }, [column("country", "string"),
   *     column("total", "double")], { name: "Totals" })
   * ```
   * renders as Glue Studio's SQL node:
   * ```py
   * SqlQuery0 = '''\
   * SELECT country, SUM(amount) AS total FROM orders GROUP BY country'''
   * Totals_node… = sparkSqlQuery(glueContext, query=SqlQuery0, mapping={"orders": Orders_node…},
   *     transformation_ctx="Totals_node…")
   * assertSchema(Totals_node…, [("country", "string"), ("total", "double")], job="…", node="Totals")
   * ```
   * Output: the declared columns; a column passed through keeps its tags (e.g. PII).
   */
  sql(query: string, inputs: Record<string, Frame>, columns: Column[], options: NodeOptions): Frame;
}

export interface SqlView {
  readonly partial: "nodes/sql";
  readonly helpers: readonly string[];
  readonly job: string;
  readonly queryVar: string;
  readonly query: string;
  readonly inputs: readonly { readonly alias: string; readonly frame: string }[];
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

const withTags = (c: Column, extra: readonly string[] | undefined): Column => {
  const tags = [...new Set([...(c.tags ?? []), ...(extra ?? [])])] as Column["tags"];
  return tags && tags.length ? { ...c, tags } : c;
};

// This kind's model joins the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    sql: SqlNode;
  }
}

export const sql: NodeKindSpec<SqlNode, undefined, SqlView, NoMethods, SqlMethods> = {
  kind: "sql",
  doc: {
    summary:
      "Runs a Spark SQL query over frames of the job, named by alias, with declared output columns checked at run " +
      "time.",
    forms: [
      {
        builder: "`sql(query, {alias: frame}, columns, {name})`",
        renders:
          "Glue Studio's `sparkSqlQuery`, then `assertSchema`; the query reads only its aliases and CTEs (a catalog " +
          "table such as `sales_dev.t` is refused: read it with a source node, " +
          "[why](../decisions/infra-no-session-catalog.md))",
        output: "the declared columns, checked at run time",
      },
    ],
    example: [
      'sql("SELECT country, SUM(amount) AS total FROM orders GROUP BY country", { orders }, [',
      '  column("country", "string"),',
      '  column("total", "double"),',
      '], { name: "Totals" })',
    ],
  },
  templates: ["nodes/sql"],
  inputs: (d) => Object.values(d.inputs),
  infer(d, { inputs, at }) {
    if (!d.query.trim())
      at({ code: "empty-query", field: "query", message: "the SQL query is empty.", fix: "Write the query." });
    if (!Object.keys(d.inputs).length)
      at({
        code: "unknown-node",
        field: "inputs",
        message: "a SQL node needs at least one named input.",
        fix: "Pass `{ alias: frame }`.",
      });
    for (const alias of Object.keys(d.inputs))
      if (!SQL_ALIAS.test(alias))
        at({
          code: "invalid-name",
          field: alias,
          message: "SQL input aliases become temp view names and must be identifiers.",
          fix: `Use e.g. ${JSON.stringify(suggestCatalogName(alias))}.`,
        });
    // Only the inputs are temp views. On Glue, Spark's session catalog is the job run's own (no
    // --enable-glue-datacatalog), so a catalog table named in SQL is not found there, while the local runner's
    // session catalog would find it (docs/decisions/infra-no-session-catalog.md).
    const aliases = Object.keys(d.inputs);
    const inputViews = new Set(aliases.map((a) => a.toLowerCase()));
    const reported = new Set<string>();
    for (const relation of sqlRelations(d.query)) {
      if ((!relation.qualified && inputViews.has(relation.name.toLowerCase())) || reported.has(relation.name)) continue;
      reported.add(relation.name);
      const read = "Read the table with a source node (`source(table, { name })`) and pass that frame as an input";
      at(
        relation.qualified
          ? {
              code: "unknown-table",
              field: relation.name,
              message:
                `the query reads "${relation.name}" from a catalog. A SQL node reads only its inputs: on Glue, ` +
                "Spark's session catalog does not hold the lakehouse tables, and a table read this way is outside " +
                "the job's lineage and IAM grants.",
              fix: `${read}, e.g. \`{ ${suggestCatalogName(relation.name.split(".").pop()!)}: frame }\`, and name that alias in the query.`,
            }
          : {
              code: "unknown-table",
              field: relation.name,
              message: `the query reads "${relation.name}", which is not one of its inputs.`,
              fix: `${suggestion(relation.name, aliases, "input alias")} ${read} under that alias.`,
            },
      );
    }
    if (!d.columns.length)
      at({
        code: "missing-columns",
        field: "columns",
        message: "a SQL node must declare its output columns; they are checked at run time.",
        fix: "Pass the output columns with Glue types.",
      });
    checkColumns(d.columns, at);
    // A column the query passes through keeps its tags (e.g. PII), whatever the declaration says.
    const inherited = new Map<string, readonly string[]>();
    for (const s of inputs ?? [])
      for (const c of s) if (c.tags) inherited.set(c.name, [...(inherited.get(c.name) ?? []), ...c.tags]);
    return known(d.columns.map((c) => withTags(c, inherited.get(c.name))));
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/sql",
    helpers: ["helpers/spark_sql_query", "helpers/assert_schema"],
    job: ctx.job.def.name,
    queryVar: `SqlQuery${ctx.next("sql")}`,
    query: d.query,
    inputs: Object.entries(d.inputs).map(([alias, node]) => ({ alias, frame: ctx.variable(node) })),
    columns: d.columns.map((c) => ({ name: c.name, type: c.type })),
  }),
  jobMethods: (add) => ({
    sql: (query, inputs, columns, o) =>
      add({
        kind: "sql",
        name: o.name,
        query,
        inputs: Object.fromEntries(Object.entries(inputs).map(([alias, f]) => [alias, f.nodeName])),
        columns: [...columns],
      }),
  }),
};
