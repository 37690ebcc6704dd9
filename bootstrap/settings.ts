/**
 * The bootstrap's settings, checked all at once like the lakehouse's stack config: each problem names
 * the key and what is allowed. Pure, so the tests call it directly.
 */
import { type LakehouseEnvironment, lakehousePrefix } from "./policies";

export interface BootstrapSettings {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  readonly githubRepository: string;
  /**
   * One deploy role each. The stack name is also the GitHub environment; stack plus project give the names
   * the stack creates (`dev` of `stedi` → `stedi-dev-*`, `shop-dev` of `shop` → `shop-dev-*`).
   */
  readonly environments: readonly LakehouseEnvironment[];
  /** An existing GitHub OIDC provider in the account (IAM allows one per URL); created when absent. */
  readonly oidcProviderArn?: string;
  readonly region: string;
  /** Per environment, the customer KMS key its stack uses (`lakehouse:kmsKeyArn`): granted by ARN. */
  readonly customerKeys: Readonly<Record<string, string>>;
}

export class BootstrapSettingsError extends Error {}

export function parseBootstrapSettings(values: Readonly<Record<string, string | undefined>>): BootstrapSettings {
  const problems: string[] = [];
  const repository = values["bootstrap:githubRepository"];
  if (repository === undefined)
    problems.push(
      "bootstrap:githubRepository is missing; set it with `pulumi config set bootstrap:githubRepository <owner>/<name>`.",
    );
  else if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository))
    problems.push(
      `bootstrap:githubRepository is ${JSON.stringify(repository)}; allowed values: <owner>/<name>, e.g. acme/stedi-lakehouse.`,
    );

  const environments = parseEnvironments(values["bootstrap:environments"], problems);
  const stacks = environments?.map((e) => e.stack);

  const oidcProviderArn = values["bootstrap:oidcProviderArn"];
  if (
    oidcProviderArn !== undefined &&
    !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(oidcProviderArn)
  )
    problems.push(
      `bootstrap:oidcProviderArn is ${JSON.stringify(oidcProviderArn)}; allowed values: the ARN of the account's GitHub provider, arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com.`,
    );

  let customerKeys: Record<string, string> = {};
  const rawKeys = values["bootstrap:customerKeys"];
  if (rawKeys !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawKeys);
    } catch {
      parsed = undefined;
    }
    const keyArn = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.entries(parsed).every(
        ([env, arn]) => (stacks === undefined || stacks.includes(env)) && typeof arn === "string" && keyArn.test(arn),
      )
    )
      customerKeys = parsed as Record<string, string>;
    else
      problems.push(
        `bootstrap:customerKeys is ${JSON.stringify(rawKeys)}; allowed values: a JSON object from environment to the key ARN its stack sets as lakehouse:kmsKeyArn, e.g. {"prod":"arn:aws:kms:us-east-1:123456789012:key/…"}.`,
      );
  }

  const region = values["aws:region"];
  if (region === undefined)
    problems.push(
      "aws:region is missing; set it with `pulumi config set aws:region <region>` (the lakehouse stacks' region).",
    );

  const known = [
    "bootstrap:githubRepository",
    "bootstrap:environments",
    "bootstrap:oidcProviderArn",
    "bootstrap:customerKeys",
  ];
  for (const key of Object.keys(values).filter((k) => k.startsWith("bootstrap:") && !known.includes(k)))
    problems.push(`${key} is not a known setting. Allowed keys: ${known.join(", ")}.`);

  if (problems.length)
    throw new BootstrapSettingsError(
      `The bootstrap stack has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  return {
    githubRepository: repository!,
    environments: environments ?? [],
    region: region!,
    customerKeys,
    ...(oidcProviderArn !== undefined ? { oidcProviderArn } : {}),
  };
}

/** Today's stacks: the STEDI project's `dev` and `prod`. */
export const DEFAULT_ENVIRONMENTS: readonly LakehouseEnvironment[] = [
  { stack: "dev", project: "stedi" },
  { stack: "prod", project: "stedi" },
];
/** The project the deprecated list form (`["dev","prod"]`) means: every stack was a STEDI stack then. */
const LIST_FORM_PROJECT = "stedi";
/** A lakehouse stack name, which is also a GitHub environment and part of the deploy role's name. */
const STACK_NAME = /^[a-z][a-z0-9-]{0,20}$/;
/** A project name, as src/dsl/project.ts requires of a registered project (a config namespace, a name prefix). */
const PROJECT_NAME = /^[a-z][a-z0-9_]{0,30}$/;
const EXAMPLE = '{"dev":"stedi","prod":"stedi","shop-dev":"shop"}';

/**
 * `bootstrap:environments`: a JSON object from stack name to project name; the list of stack names of before
 * projects existed still means project `stedi`. Two environments whose names one pattern covers (`stedi-dev-*`
 * matches `stedi-dev-eu-…`) are refused: each deploy role would reach the other's resources.
 */
function parseEnvironments(raw: string | undefined, problems: string[]): LakehouseEnvironment[] | undefined {
  if (raw === undefined) return [...DEFAULT_ENVIRONMENTS];
  const key = "bootstrap:environments";
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const before = problems.length;
  let entries: [string, unknown][];
  if (Array.isArray(parsed))
    entries = parsed.flatMap((stack): [string, unknown][] => {
      if (typeof stack === "string") return [[stack, LIST_FORM_PROJECT]];
      problems.push(
        `${key} lists ${JSON.stringify(stack)}, which is not a stack name; list names, e.g. ["dev","prod"].`,
      );
      return [];
    });
  else if (typeof parsed === "object" && parsed !== null) entries = Object.entries(parsed);
  else {
    problems.push(
      `${key} is ${JSON.stringify(raw)}; allowed values: a JSON object from each lakehouse stack to its project (lakehouse:project in Pulumi.<stack>.yaml), e.g. ${EXAMPLE}.`,
    );
    return undefined;
  }
  if (entries.length === 0 && problems.length === before)
    problems.push(`${key} is ${JSON.stringify(raw)}, which names no stack; name at least one, e.g. ${EXAMPLE}.`);
  const environments: LakehouseEnvironment[] = [];
  for (const [stack, project] of entries) {
    if (!STACK_NAME.test(stack))
      problems.push(
        `${key} names the stack ${JSON.stringify(stack)}; allowed values: a lower-case stack name (a-z, 0-9, -; at most 21 characters, starting with a letter).`,
      );
    if (typeof project !== "string" || !PROJECT_NAME.test(project))
      problems.push(
        `${key} gives the stack ${JSON.stringify(stack)} the project ${JSON.stringify(project)}; allowed values: the stack's lakehouse:project, a lower-case identifier (a-z, 0-9, _; at most 31 characters, starting with a letter).`,
      );
    else environments.push({ stack, project });
  }
  for (const [i, a] of environments.entries())
    for (const b of environments.slice(i + 1)) {
      const [pa, pb] = [lakehousePrefix(a), lakehousePrefix(b)];
      if (pa === pb)
        problems.push(
          `${key} gives the stacks ${a.stack} (${a.project}) and ${b.stack} (${b.project}) the same names ${pa}-*, so each deploy role would manage the other's resources; rename one stack.`,
        );
      else if (pb.startsWith(`${pa}-`) || pa.startsWith(`${pb}-`)) {
        const [short, long] = pb.startsWith(`${pa}-`) ? [a, b] : [b, a];
        problems.push(
          `${key} has the stacks ${short.stack} (${short.project}) and ${long.stack} (${long.project}), whose names ${lakehousePrefix(long)}-* are inside ${lakehousePrefix(short)}-*, so ${short.stack}'s deploy role would reach ${long.stack}'s resources; rename ${long.stack}.`,
        );
      }
    }
  return problems.length === before ? environments : undefined;
}
