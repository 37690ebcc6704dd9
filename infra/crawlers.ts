/**
 * An optional crawler (`stedi:crawlers`) over the landing tables, as a schema-drift detector: it
 * targets the declared catalog tables (catalogTargets, not raw S3 paths, so it can never invent
 * tables of its own) and has update and delete behaviour LOG, so a changed or missing landing file is
 * reported in the crawler's CloudWatch log while the declared schemas stay untouched.
 * See docs/decisions/infra-crawlers.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakehouseInputs } from "./context";
import { stackPrefix } from "./naming";

/** Partitions the crawler finds take the table's schema; it never writes table-level changes (see schemaChangePolicy). */
export const CRAWLER_CONFIGURATION = JSON.stringify({
  Version: 1.0,
  CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
});

export interface LandingCrawlerArgs extends LakehouseInputs {
  readonly database: pulumi.Input<string>;
  /** The landing catalog tables, created before the crawler that targets them. */
  readonly landingTables: readonly pulumi.Resource[];
  readonly roleArn: pulumi.Input<string>;
  readonly securityConfigurationName: pulumi.Input<string>;
}

export class LandingCrawler extends pulumi.ComponentResource {
  readonly crawler: aws.glue.Crawler;

  constructor(name: string, args: LandingCrawlerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:LandingCrawler", name, {}, opts);
    const prefix = stackPrefix(args.pipeline);
    const landing = args.pipeline.tables.filter((t) => t.zone === "landing").map((t) => t.name);

    this.crawler = new aws.glue.Crawler(
      `${prefix}-landing`,
      {
        name: `${prefix}-landing`,
        description: "Reports schema drift in the landing files; never changes the declared tables.",
        databaseName: args.database,
        role: args.roleArn,
        catalogTargets: [{ databaseName: args.database, tables: landing }],
        schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
        configuration: CRAWLER_CONFIGURATION,
        securityConfiguration: args.securityConfigurationName,
      },
      { parent: this, dependsOn: [...args.landingTables] },
    );

    this.registerOutputs({ name: this.crawler.name });
  }
}
