/**
 * The Same Customer Check's row-level match stays a hash join on real Spark with Deequ's engine (issue 18.8). The
 * engine joins the evaluated rows with the query's result on a NULL-safe CASE condition, which Spark can only run
 * as a nested loop unless the returned columns are non-nullable (docs/decisions/data-quality-rules.md). The rule
 * must return plain primary columns, as AWS Glue requires, so the non-nullability comes from its INTERSECT with
 * the customers' keys, which the job makes non-NULL. tests/python/row_match_plan.py builds that reference as the
 * generated script does; this spec checks that the script still does, and evaluates the committed ruleset, in the
 * specs' shared Spark session (tests/spark-service.ts), which has the DQDL engine.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./local-run-support";
import { sparkCall } from "./spark-service";

interface Evaluation {
  readonly joins: string[];
  readonly failed: [number, string | null][];
}

describe("data quality: the Same Customer Check's row match on Spark", function () {
  let script: string;
  let evaluations: Evaluation[];
  const ruleset = () => /SameCustomerCheck_node\w+_ruleset = '''\\\n([\s\S]*?)'''/.exec(script)![1]!;
  // The same question as a plain join: also plain primary columns, but nullable ones.
  const plainJoin =
    'Rules = [ CustomSql "select distinct p.serialnumber, p.user from primary p ' +
    'join customer_keys c on c.customer_serialnumber = p.serialnumber and c.customer_email = p.user" ]';

  before(async function () {
    script = readFileSync(join(repoRoot, "generated", "dev", "machine_learning_curated.py"), "utf8");
    evaluations = await sparkCall<Evaluation[]>("row_match_plan", { rulesets: [ruleset(), plainJoin] });
  });

  it("builds the reference keys as the helper does: renamed, non-NULL, nothing else", () => {
    expect(script)
      .to.contain('.withColumn("customer_serialnumber", F.coalesce(F.col("serialnumber"), F.lit("")))')
      .and.to.contain('.withColumn("customer_email", F.coalesce(F.col("email"), F.lit("")))')
      .and.to.contain('.toDF().select(F.col("customer_serialnumber"), F.col("customer_email"))')
      .and.to.match(/additional_data_sources=\{ "customer_keys": CustomerKeyColumns_node\w+ \}/);
  });

  it("matches rows with a hash or sort-merge join and finds the pairs of different customers", () => {
    const [committed] = evaluations;
    // Which equi-join Spark picks depends on sizes (broadcast at the starter data's, sort-merge here).
    expect(committed!.joins.filter((j) => /HashJoin|SortMergeJoin/.test(j))).to.not.deep.equal([]);
    expect(committed!.joins).to.not.include("BroadcastNestedLoopJoin");
    expect(committed!.joins).to.not.include("CartesianProduct");
    expect(committed!.failed).to.deep.equal([
      [1, "s2"],
      [3, null],
    ]);
  });

  it("would show a regression: the same rule over nullable columns is a nested loop", () => {
    const [, control] = evaluations;
    expect(control!.joins).to.include("BroadcastNestedLoopJoin");
    expect(control!.failed).to.deep.equal(evaluations[0]!.failed);
  });
});
