/**
 * An optional crawler (`lakehouse:crawlers`) over the landing tables, as a schema-drift detector: it
 * targets the declared catalog tables (catalogTargets, not raw S3 paths, so it can never invent
 * tables of its own) and has update and delete behaviour LOG, so a changed or missing landing file is
 * reported in the crawler's CloudWatch log while the declared schemas stay untouched. It runs as its own
 * role, which may read the landing files and tables and write the crawler logs, nothing else.
 * See docs/decisions/infra-crawlers.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RenderedTable } from "../src/render/types";
import { InfraComponent } from "./component-type";
import type { AwsContext } from "./context";
import { GlueServiceRole } from "./iam";
import { crawlerDataAccessDocument, encryptionDocument } from "./role-policies";

/**
 * Partitions the crawler finds take the table's schema; it never writes table-level changes (see schemaChangePolicy).
 */
export const CRAWLER_CONFIGURATION = JSON.stringify({
  Version: 1.0,
  CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
});

export interface LandingCrawlerArgs {
  readonly database: pulumi.Input<string>;
  /** Every pipeline table; the crawler targets the landing ones. */
  readonly tables: readonly RenderedTable[];
  /** The landing catalog tables, created before the crawler that targets them. */
  readonly landingTables: readonly pulumi.Resource[];
  readonly aws: AwsContext;
  readonly region: string;
  readonly dataBucket: pulumi.Input<string>;
  readonly assetsBucket: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly securityConfigurationName: pulumi.Input<string>;
  /** `lakehouse:permissionsBoundaryArn`, set on the crawler's role. */
  readonly permissionsBoundaryArn?: string;
}

export class LandingCrawler extends InfraComponent {
  readonly crawler: aws.glue.Crawler;
  readonly role: GlueServiceRole;

  constructor(name: string, args: LandingCrawlerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("LandingCrawler", name, opts);
    const crawlerName = `${name}-landing`;
    const landing = args.tables.filter((t) => t.zone === "landing").map((t) => t.name);

    this.role = new GlueServiceRole(
      `${crawlerName}-crawler`,
      {
        description: `Runs the crawler ${crawlerName}: reads the landing files and tables, writes its logs.`,
        dataAccess: pulumi
          .all([args.aws.partition, args.aws.accountId, args.database, args.dataBucket, args.assetsBucket])
          .apply(([partition, accountId, database, dataBucket, assetsBucket]) =>
            crawlerDataAccessDocument(args.tables, {
              partition,
              accountId,
              region: args.region,
              database,
              dataBucket,
              assetsBucket,
            }),
          ),
        encryption: pulumi.output(args.kmsKeyArn).apply(encryptionDocument),
        ...(args.permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn: args.permissionsBoundaryArn } : {}),
      },
      { parent: this },
    );

    this.crawler = new aws.glue.Crawler(
      crawlerName,
      {
        name: crawlerName,
        description: "Reports schema drift in the landing files; never changes the declared tables.",
        databaseName: args.database,
        role: this.role.arn,
        catalogTargets: [{ databaseName: args.database, tables: landing }],
        schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
        configuration: CRAWLER_CONFIGURATION,
        securityConfiguration: args.securityConfigurationName,
      },
      { parent: this, dependsOn: [...args.landingTables, ...this.role.grants] },
    );

    this.registerOutputs({ name: this.crawler.name });
  }
}
