/**
 * Glue Data Quality for a stack:
 * - one `aws.glue.DataQualityRuleset` per table that declares rules, targeting that catalog table,
 *   so the same DQDL the jobs evaluate shows in the Data Catalog's Data quality tab (and can be run
 *   there on demand);
 * - the permission the jobs need to publish their outcomes (`enableDataQualityResultsPublishing`):
 *   `glue:PublishDataQuality`, whose resource type is `dataQualityRuleset`. Jobs publish under their
 *   evaluation context, not under a named ruleset, so the grant is every ruleset of the account and
 *   region, and nothing else.
 * Created only when the pipeline has rules.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InfraComponent } from "./component-type";
import type { AwsContext, LakehouseInputs } from "./context";
import type { PolicyDocument } from "./role-policies";

export interface DataQualityArgs extends LakehouseInputs {
  readonly aws: AwsContext;
  readonly database: pulumi.Input<string>;
  /** The catalog tables, so each ruleset is created after its table. */
  readonly tables: ReadonlyMap<string, aws.glue.CatalogTable>;
  /** The role of each job that evaluates rules, by job name. */
  readonly roles: ReadonlyMap<string, aws.iam.Role>;
}

/** The policy a job role needs to publish data-quality results. */
export function dataQualityPublishingDocument(t: {
  partition: string;
  region: string;
  accountId: string;
}): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PublishDataQualityResults",
        Effect: "Allow",
        Action: ["glue:PublishDataQuality"],
        Resource: [`arn:${t.partition}:glue:${t.region}:${t.accountId}:dataQualityRuleset/*`],
      },
    ],
  };
}

/** True when some job of the pipeline evaluates data-quality rules. */
export const hasDataQuality = (pipeline: LakehouseInputs["pipeline"]): boolean =>
  pipeline.jobs.some((job) => job.quality.length > 0);

export class DataQuality extends InfraComponent {
  readonly rulesets: ReadonlyMap<string, aws.glue.DataQualityRuleset>;
  /** Depend on these before running the jobs, so they may publish their outcomes. */
  readonly grants: readonly pulumi.Resource[];

  constructor(name: string, args: DataQualityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("DataQuality", name, opts);
    const { pipeline, config } = args;
    this.rulesets = new Map(
      pipeline.tables
        .filter((table) => table.quality !== undefined)
        .map((table) => [
          table.name,
          new aws.glue.DataQualityRuleset(
            `${name}-${table.name}`,
            {
              name: `${name}-${table.name}`,
              description: `Rules of ${table.name} (action ${table.quality!.action}), checked by the job writing it before its sink.`,
              ruleset: table.quality!.ruleset,
              targetTable: { databaseName: args.database, tableName: table.name },
            },
            { parent: this, dependsOn: [args.tables.get(table.name)!] },
          ),
        ]),
    );
    this.grants = hasDataQuality(pipeline)
      ? [...args.roles].map(
          ([job, role]) =>
            new aws.iam.RolePolicy(
              `${name}-publish-${job}`,
              {
                role: role.id,
                policy: pulumi
                  .all([args.aws.partition, args.aws.accountId])
                  .apply(([partition, accountId]) =>
                    JSON.stringify(dataQualityPublishingDocument({ partition, accountId, region: config.region })),
                  ),
              },
              { parent: this },
            ),
        )
      : [];
    this.registerOutputs({});
  }
}
