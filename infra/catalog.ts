/**
 * The Glue Data Catalog: the stack's database and one table per pipeline table, declared here rather
 * than discovered by crawlers. Columns and types come from the RenderedTable, i.e. from the DSL's
 * declared landing schemas and its schema inference for every derived table, so Athena, the jobs
 * and the local runner all see the same schema. How each table's files are read (SerDe, formats, table
 * parameters) comes from its format's module through src/render/storage-format.ts, which the Athena DDL uses too.
 *
 * Lake Formation: the database gives IAM_ALLOWED_PRINCIPALS ALL on every table created in it, which is
 * what "Use only IAM access control for new tables in this database" means. In an account whose Data
 * Catalog settings do not do that by default, the job roles' IAM grants would otherwise be denied by Lake
 * Formation. See docs/decisions/infra-lake-formation.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogStorage } from "../src/render/storage-format";
import type { RenderedColumn, RenderedTable } from "../src/render/types";
import { InfraComponent } from "./component-type";
import { s3Uri } from "./naming";

/** A catalog column: name, Glue type, comment, and the DSL's tags (e.g. `pii`) as a column parameter. */
export function catalogColumn(c: RenderedColumn): aws.types.input.glue.CatalogTableStorageDescriptorColumn {
  return {
    name: c.name,
    type: c.type,
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
    ...(c.tags?.length ? { parameters: { tags: c.tags.join(",") } } : {}),
  };
}

/** Lake Formation's default for tables created in the database: access is decided by IAM alone. */
export const IAM_ONLY_TABLE_DEFAULTS = [
  { permissions: ["ALL"], principal: { dataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" } },
];

export interface LakeCatalogArgs {
  /** The Glue database name. */
  readonly database: string;
  readonly description: string;
  readonly tables: readonly RenderedTable[];
  readonly dataBucket: pulumi.Input<string>;
}

export class LakeCatalog extends InfraComponent {
  readonly database: aws.glue.CatalogDatabase;
  /** By table name, in pipeline order; tables whose jobs create them (Iceberg) are not here. */
  readonly tables: ReadonlyMap<string, aws.glue.CatalogTable>;

  constructor(name: string, args: LakeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("LakeCatalog", name, opts);
    this.database = new aws.glue.CatalogDatabase(
      args.database,
      { name: args.database, description: args.description, createTableDefaultPermissions: IAM_ONLY_TABLE_DEFAULTS },
      { parent: this },
    );

    // A format with no storage descriptor (Iceberg) has its tables created and committed by their jobs; a
    // CatalogTable here would show a diff after every commit (see infra/iceberg.ts).
    this.tables = new Map(
      args.tables.flatMap((table) => {
        const format = catalogStorage(table);
        if (format === null) return [];
        const catalogTable = new aws.glue.CatalogTable(
          table.name,
          {
            name: table.name,
            databaseName: this.database.name,
            tableType: "EXTERNAL_TABLE",
            ...(table.description !== undefined ? { description: table.description } : {}),
            parameters: Object.fromEntries(format.tableParameters),
            partitionKeys: table.partitionKeys.map(catalogColumn),
            storageDescriptor: {
              location: pulumi.output(args.dataBucket).apply((bucket) => s3Uri(bucket, table.prefix)),
              inputFormat: format.inputFormat,
              outputFormat: format.outputFormat,
              compressed: false,
              serDeInfo: {
                serializationLibrary: format.serializationLibrary,
                parameters: Object.fromEntries(format.serdeParameters),
              },
              columns: table.columns.map(catalogColumn),
            },
          },
          { parent: this },
        );
        return [[table.name, catalogTable] as const];
      }),
    );

    this.registerOutputs({ database: this.database.name });
  }
}
