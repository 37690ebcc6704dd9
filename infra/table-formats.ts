/**
 * A deployed table's format must not change under it. Parquet and JSON tables are Pulumi's CatalogTables
 * (catalog.ts); Iceberg tables are created by their jobs (iceberg.ts): a format's module says which
 * (`storage`, src/table-formats/), and this file names the formats by their modules' titles. So:
 * - Iceberg → parquet/JSON: Pulumi creates a CatalogTable under the name the jobs' Iceberg table holds, and the
 *   deploy fails (AlreadyExistsException), after the jobs were changed;
 * - parquet/JSON → Iceberg: Pulumi deletes the CatalogTable and the job creates an Iceberg table at the same
 *   prefix, leaving the old files there, unread and billed (and read again by a later switch back);
 * - parquet ↔ JSON: the CatalogTable is updated in place over files of the other format.
 *
 * The program learns what is deployed from the stack itself: each deploy exports `tableFormats`, and the next run
 * reads the last deployed outputs through a StackReference to its own stack (a read of the Pulumi state, in
 * `pulumi preview` as in `pulumi up`). A change is refused with the steps to take, unless
 * `lakehouse:confirmTableFormatChange` names the new format. See docs/decisions/iceberg-tables-and-incremental-runs.md.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RenderedTable } from "../src/render/types";
import { findTableFormat } from "../src/table-formats";

type Format = RenderedTable["format"];

/** The stack output that records each table's format. */
export const TABLE_FORMATS_OUTPUT = "tableFormats";
export const CONFIRM_KEY = "lakehouse:confirmTableFormatChange";

/** What the last deploy of this stack exported, as far as this check reads it. */
export interface DeployedStack {
  /** Absent on the first deploy, and on stacks deployed before the record existed. */
  readonly tableFormats?: Readonly<Record<string, string>>;
  readonly dataBucket?: string;
  readonly database?: string;
}

export interface FormatChange {
  readonly table: string;
  readonly from: string;
  readonly to: Format;
  readonly prefix: string;
}

/** Each table's format, as the stack output records it. */
export function tableFormats(tables: readonly Pick<RenderedTable, "name" | "format">[]): Record<string, Format> {
  return Object.fromEntries(tables.map((t) => [t.name, t.format]));
}

/** The tables deployed in one format and now declared in another; new and removed tables are not changes. */
export function formatChanges(
  deployed: DeployedStack["tableFormats"],
  tables: readonly Pick<RenderedTable, "name" | "format" | "prefix">[],
): FormatChange[] {
  if (!deployed) return [];
  return tables
    .filter((t) => typeof deployed[t.name] === "string" && deployed[t.name] !== t.format)
    .map((t) => ({ table: t.name, from: deployed[t.name]!, to: t.format, prefix: t.prefix }));
}

export class TableFormatChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TableFormatChangeError";
  }
}

export interface FormatCheck {
  readonly stack: string;
  readonly deployed: DeployedStack | undefined;
  readonly tables: readonly Pick<RenderedTable, "name" | "format" | "prefix">[];
  /** The database the tables are in now (the deployed one is preferred when recorded). */
  readonly database: string;
  /** `lakehouse:confirmTableFormatChange`. */
  readonly confirmed?: Format;
}

/** Whether the format's tables are created by their jobs (no storage descriptor for Pulumi to declare). */
const jobCreated = (format: string): boolean =>
  findTableFormat(format)?.storage({ format, zone: "trusted", columns: [] }) === null;
const title = (format: string): string => findTableFormat(format)?.title ?? format;
const titles = (formats: readonly string[]): string => [...new Set(formats.map(title))].join(" and ");

const steps = (c: FormatChange, bucket: string, database: string): string[] => {
  const files = `s3://${bucket}/${c.prefix}`;
  if (jobCreated(c.from))
    return [
      `aws glue delete-table --database-name ${database} --name ${c.table}   # the ${title(c.from)} table the jobs created`,
      `aws s3 rm ${files} --recursive   # its data/ and metadata/ (copy them first to keep its history)`,
    ];
  return [`aws s3 rm ${files} --recursive   # the ${c.from} files (copy them first to keep them)`];
};

function refusal(check: FormatCheck, changes: readonly FormatChange[]): string {
  const bucket = check.deployed?.dataBucket ?? "<dataBucket>";
  const database = check.deployed?.database ?? check.database;
  const targets = [...new Set(changes.map((c) => c.to))];
  const reasons: string[] = [];
  const leaving = changes.filter((c) => jobCreated(c.from)).map((c) => c.from);
  const becoming = changes.filter((c) => jobCreated(c.to)).map((c) => c.to);
  const between = changes.filter((c) => !jobCreated(c.from) && !jobCreated(c.to)).flatMap((c) => [c.from, c.to]);
  if (leaving.length)
    reasons.push(
      `Leaving ${titles(leaving)}: the jobs created these tables in the Glue catalog, so Pulumi's catalog tables ` +
        "of the same names would fail the deploy (AlreadyExistsException), after the jobs had changed.",
    );
  if (becoming.length)
    reasons.push(
      `Becoming ${titles(becoming)}: Pulumi would delete their catalog tables and the jobs would create ` +
        `${titles(becoming)} tables at the same prefixes, leaving the old files there, unread and billed, and read ` +
        "again by a later switch back.",
    );
  if (between.length)
    reasons.push(`Between ${titles(between)}: the catalog tables would describe files of the other format.`);
  const todo = [
    ...changes.flatMap((c) => steps(c, bucket, database)),
    targets.length === 1
      ? `pulumi config set ${CONFIRM_KEY} ${targets[0]} --stack ${check.stack}   # then deploy`
      : `deploy the tables going to ${targets.join(" and those going to ")} separately, each confirmed with ` +
        `pulumi config set ${CONFIRM_KEY} <format> --stack ${check.stack}`,
    "run the workflow: the jobs rebuild the tables from the landing data",
    `pulumi config rm ${CONFIRM_KEY} --stack ${check.stack}`,
  ];
  return [
    `Stack "${check.stack}" would change the format of ${changes.length} deployed ` +
      `table${changes.length === 1 ? "" : "s"}; nothing was changed:`,
    ...changes.map((c) => `  - ${database}.${c.table}: ${c.from} -> ${c.to}`),
    ...reasons,
    "To switch, with no workflow run in between (pause the schedule or wait for a run to end):",
    ...todo.map((step, i) => `  ${i + 1}. ${step}`),
    'docs/operations/rollback.md, "Changing a table\'s format", explains each step.',
  ].join("\n");
}

/**
 * The format changes this deploy makes, once confirmed. Throws TableFormatChangeError, with the steps, for a change
 * that `confirmed` does not name; `warning` says when the setting is left over.
 */
export function checkFormatChanges(check: FormatCheck): { changes: FormatChange[]; warning?: string } {
  const changes = formatChanges(check.deployed?.tableFormats, check.tables);
  const unconfirmed = changes.filter((c) => c.to !== check.confirmed);
  if (unconfirmed.length) throw new TableFormatChangeError(refusal(check, unconfirmed));
  if (check.confirmed !== undefined && !changes.length)
    return {
      changes,
      warning:
        `${CONFIRM_KEY} is "${check.confirmed}" but no deployed table of stack "${check.stack}" changes format. ` +
        `Remove it (pulumi config rm ${CONFIRM_KEY} --stack ${check.stack}): left set, it would let a later change ` +
        `to ${check.confirmed} go ahead unconfirmed.`,
    };
  return { changes };
}

/** The fully qualified name of the running stack, as a StackReference takes it. */
export function selfReferenceName(): string {
  return `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/**
 * This stack's last deployed outputs, read from the Pulumi state through a StackReference to the stack itself.
 * The read happens in `pulumi preview` too, and during `pulumi up` the stack keeps its last outputs until the
 * program has registered all of this run's (the engine's same-step retains them). A stack never deployed has none.
 */
export async function deployedStack(opts?: pulumi.CustomResourceOptions): Promise<DeployedStack> {
  const reference = new pulumi.StackReference(`${pulumi.getStack()}-deployed`, { name: selfReferenceName() }, opts);
  const read = async (key: string): Promise<unknown> => {
    const details = await reference.getOutputDetails(key);
    return details.value ?? details.secretValue;
  };
  const [recorded, dataBucket, database] = await Promise.all([
    read(TABLE_FORMATS_OUTPUT),
    read("dataBucket"),
    read("database"),
  ]);
  return {
    ...(recorded !== null && typeof recorded === "object" ? { tableFormats: recorded as Record<string, string> } : {}),
    ...(typeof dataBucket === "string" ? { dataBucket } : {}),
    ...(typeof database === "string" ? { database } : {}),
  };
}

/** `checkFormatChanges` for the program: a refusal is a RunError (its message alone, no stack trace). */
export function guardFormatChanges(check: FormatCheck): FormatChange[] {
  try {
    const { changes, warning } = checkFormatChanges(check);
    if (warning) void pulumi.log.warn(warning);
    return changes;
  } catch (e) {
    throw e instanceof TableFormatChangeError ? new pulumi.RunError(e.message) : e;
  }
}
