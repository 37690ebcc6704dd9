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
/** What every script reads with getResolvedOptions besides JOB_NAME. */
export const SCRIPT_ARGUMENTS: readonly JobArgument[] = ["DATABASE", "LAKE_ROOT"];

/** The Python expression reading a script argument (`args["DATABASE"]`); only the declared ones exist. */
export function scriptArgument(name: string): string {
  if (name !== "JOB_NAME" && !(SCRIPT_ARGUMENTS as readonly string[]).includes(name))
    throw new Error(
      `Script argument ${JSON.stringify(name)} is not in SCRIPT_ARGUMENTS (${SCRIPT_ARGUMENTS.join(", ")}); add it there first.`,
    );
  return `args[${JSON.stringify(name)}]`;
}
