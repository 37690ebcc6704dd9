/**
 * What a generated script touches and reads, as the node kinds' views and the contract (src/render/types.ts) both
 * name it: the S3 locations of a job, and the arguments every script takes.
 */

/**
 * An S3 location a job touches. `data` locations are key prefixes in the stack's data bucket;
 * `external` ones are full `s3://bucket/prefix/` URIs given in the DSL.
 */
export type S3Location =
  { readonly bucket: "data"; readonly prefix: string } | { readonly bucket: "external"; readonly uri: string };

export type JobArgument = "DATABASE" | "LAKE_ROOT";

/**
 * A value that depends on where a job runs, which each deployment supplies by this name: `database` is the Glue
 * database of the stack's tables (on AWS the catalog's; locally the manifest's, or a unit test's own), `lakeRoot`
 * is `s3://<data bucket>` without a trailing slash (on AWS the stack's data bucket; locally the runner's).
 */
export type ArgumentPlace = "database" | "lakeRoot";

/** One argument Glue passes a script as `--<name> <value>`: its value is the `place` value where the job runs. */
export interface RenderedArgument {
  readonly name: JobArgument;
  readonly place: ArgumentPlace;
}

const ARGUMENT_PLACES: Readonly<Record<JobArgument, ArgumentPlace>> = { DATABASE: "database", LAKE_ROOT: "lakeRoot" };

/** What every script reads with getResolvedOptions besides JOB_NAME, in the order of its getResolvedOptions line. */
export const SCRIPT_ARGUMENTS: readonly JobArgument[] = ["DATABASE", "LAKE_ROOT"];

/**
 * A job's script arguments: the one place they are built. The result is the job's RenderedJob.arguments, its
 * script's getResolvedOptions line and its `arguments` in pipeline.json, so infra/, the script and the local
 * runner cannot disagree about them.
 */
export function scriptArguments(): readonly RenderedArgument[] {
  return SCRIPT_ARGUMENTS.map((name) => ({ name, place: ARGUMENT_PLACES[name] }));
}

/** The Python expression reading a script argument (`args["DATABASE"]`); only the declared ones exist. */
export function scriptArgument(name: string): string {
  if (name !== "JOB_NAME" && !(SCRIPT_ARGUMENTS as readonly string[]).includes(name))
    throw new Error(
      `Script argument ${JSON.stringify(name)} is not in SCRIPT_ARGUMENTS (${SCRIPT_ARGUMENTS.join(", ")}); add it there first.`,
    );
  return `args[${JSON.stringify(name)}]`;
}
