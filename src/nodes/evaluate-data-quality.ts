/**
 * Evaluate Data Quality: checks a frame against DQDL rules, as Glue Studio's node of that name, and
 * acts on the outcome (`fail`, `warn`, `quarantine`). The rules run in AWS Glue Data Quality on AWS
 * and in Deequ's DQDL engine locally (runtime/awsgluedq). A table's rules become one of these nodes
 * before every sink into the table (src/compiler/table-quality.ts).
 */
import { checkQuality } from "../model/quality/check";
import { qualityDqdl, type Quality, type QualityAction } from "../model/quality/rules";
import { quarantinePrefix } from "../model/tables";
import { pathExpression } from "../model/pyspark";
import type { S3Location } from "../model/script";
import type { Frame } from "./pipeline";
import { type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface EvaluateDataQualityNode extends NodeCommon {
  readonly kind: "evaluateDataQuality";
  readonly input: string;
  readonly quality: Quality;
  /** alias → node name: the frames rules refer to besides the input (ReferentialIntegrity, CustomSql). */
  readonly references: Readonly<Record<string, string>>;
  /** The table whose rules these are: quarantined rows go under the table's quarantine prefix. */
  readonly table?: string;
}

export interface EvaluateDataQualityMethods {
  /**
   * Checks the frame against data-quality rules and acts on the outcome.
   *
   * ```ts
   * readings.evaluateDataQuality(dq.rules("warn", dq.isComplete("user"), dq.columnValues("timestamp", ">", 0)), { name:
   *     "Reading Checks" })
   * ```
   * renders as Glue Studio's Evaluate Data Quality node:
   * ```py
   * ReadingChecks_node…_ruleset = '''\
   * Rules = [
   *     IsComplete "user",
   *     ColumnValues "timestamp" > 0
   * ]'''
   * ReadingChecks_node…_results = EvaluateDataQuality().process_rows(frame=Readings_node…,
   *     ruleset=ReadingChecks_node…_ruleset, publishing_options={...}, additional_options={...})
   * ReadingChecks_node… = SelectFromCollection.apply(dfc=ReadingChecks_node…_results, key="originalData", ...)
   * ```
   * `fail` adds `assertDataQuality(...)` (the job stops before writing anything); `quarantine` keeps the
   * rows failing a row-level rule apart, unchanged, under `_quarantine/<job>/<node variable>/`.
   * `references` names the frames rules refer to (`referentialIntegrity([...], "customers", ...)` needs `{ customers:
   * frame }`).
   * Output: the input's columns (quarantine: without the failing rows).
   */
  evaluateDataQuality(quality: Quality, options: NodeOptions & { references?: Record<string, Frame> }): Frame;
}

export interface EvaluateDataQualityView {
  readonly partial: "nodes/evaluate_data_quality";
  readonly helpers: readonly string[];
  readonly input: string;
  readonly rulesetVar: string;
  readonly resultsVar: string;
  readonly outcomesVar: string;
  readonly ruleset: string;
  readonly hasReferences: boolean;
  readonly references: readonly { readonly alias: string; readonly frame: string }[];
  readonly fail: boolean;
  readonly warn: boolean;
  readonly quarantine: boolean;
  readonly quarantinePath: string;
}

/** Where a quality check keeps the rows it quarantines. */
export function qualityQuarantinePrefix(
  d: EvaluateDataQualityNode,
  job: string,
  variable: string,
  tables: (name: string) => { entity: string } | undefined,
): string {
  const table = d.table !== undefined ? tables(d.table) : undefined;
  return table && d.table !== undefined
    ? quarantinePrefix({ entity: table.entity, name: d.table }, job)
    : `_quarantine/${job}/${variable}/`;
}

const ACTION_HELPERS: Record<QualityAction, readonly string[]> = {
  fail: ["helpers/assert_data_quality"],
  warn: [],
  quarantine: ["helpers/quarantine_failed_rows"],
};

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    evaluateDataQuality: EvaluateDataQualityNode;
  }
  interface FrameMethods {
    evaluateDataQuality: EvaluateDataQualityMethods;
  }
}

export const evaluateDataQuality: NodeKindSpec<
  EvaluateDataQualityNode,
  undefined,
  EvaluateDataQualityView,
  EvaluateDataQualityMethods
> = {
  kind: "evaluateDataQuality",
  doc: {
    summary:
      "Evaluates a data-quality rule set on a frame, then fails the job, warns, or sets the failing rows aside " +
      "([data quality](../guide/writing-jobs.md#data-quality-rules)).",
    forms: [
      {
        builder: "`.evaluateDataQuality(dq.rules(action, ...rules), {name, references?})`",
        renders:
          "Glue Studio's Evaluate Data Quality node: `EvaluateDataQuality().process_rows(...)` and " +
          "`SelectFromCollection`, then the action",
        output: "unchanged (`quarantine`: without the failing rows)",
      },
    ],
    example: [
      'readings.evaluateDataQuality(dq.rules("warn", dq.isComplete("user"), dq.columnValues("timestamp", ">", 0)), {',
      '  name: "Reading Checks",',
      "})",
    ],
  },
  templates: ["nodes/evaluate_data_quality"],
  inputs: (d) => [d.input, ...Object.values(d.references)],
  infer(d, ctx) {
    const input = ctx.inputs?.[0];
    if (!input) return undefined;
    const aliases = Object.keys(d.references);
    const checked = checkQuality(d.quality, {
      job: ctx.job.name,
      node: d.name,
      columns: input,
      tableColumns: (alias) => {
        const i = aliases.indexOf(alias);
        return i >= 0 ? ctx.inputs?.[i + 1] : undefined;
      },
      tableNames: aliases,
      referenceFix: `Pass the frame as { references: { <alias>: frame } } in the node's options.`,
    });
    for (const p of checked.problems)
      ctx.at({ code: p.code, ...(p.field !== undefined ? { field: p.field } : {}), message: p.message, fix: p.fix });
    if (!["fail", "warn", "quarantine"].includes(d.quality.action))
      ctx.at({
        code: "invalid-name",
        field: "action",
        message: `action ${JSON.stringify(d.quality.action)} is not fail, warn or quarantine.`,
        fix: "Use fail (stop before writing), warn (report only) or quarantine (set failing rows aside).",
      });
    return { schema: input, detail: undefined };
  },
  view(d, _detail, ctx) {
    const variable = ctx.variable(d.name);
    const prefix = qualityQuarantinePrefix(d, ctx.job.def.name, variable, (name) => ctx.pipeline.tables.get(name)?.def);
    const quarantine: S3Location = { bucket: "data", prefix };
    if (d.quality.action === "quarantine") ctx.write(quarantine);
    const references = Object.entries(d.references).map(([alias, node]) => ({ alias, frame: ctx.variable(node) }));
    return {
      partial: "nodes/evaluate_data_quality",
      helpers: ACTION_HELPERS[d.quality.action],
      input: ctx.variable(d.input),
      rulesetVar: `${variable}_ruleset`,
      resultsVar: `${variable}_results`,
      outcomesVar: `${variable}_${d.quality.action === "quarantine" ? "rowLevelOutcomes" : "ruleOutcomes"}`,
      ruleset: qualityDqdl(d.quality),
      hasReferences: references.length > 0,
      references,
      fail: d.quality.action === "fail",
      warn: d.quality.action === "warn",
      quarantine: d.quality.action === "quarantine",
      quarantinePath: pathExpression(quarantine),
    };
  },
  frameMethods: (add, input) => ({
    evaluateDataQuality: (quality, o) =>
      add({
        kind: "evaluateDataQuality",
        name: o.name,
        input,
        quality,
        references: Object.fromEntries(
          Object.entries(o.references ?? {}).map(([alias, frame]) => [alias, frame.nodeName]),
        ),
      }),
  }),
};
