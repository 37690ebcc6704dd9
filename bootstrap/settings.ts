/**
 * The bootstrap's settings, checked all at once like the lakehouse's stack config: each problem names
 * the key and what is allowed. Pure, so the tests call it directly.
 */
export interface BootstrapSettings {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  readonly githubRepository: string;
  /** GitHub environments, one deploy role each; also the lakehouse stack names (`dev` → `stedi-dev-*`). */
  readonly environments: readonly string[];
  /** An existing GitHub OIDC provider in the account (IAM allows one per URL); created when absent. */
  readonly oidcProviderArn?: string;
  readonly region: string;
  /** Per environment, the customer KMS key its stack uses (`stedi:kmsKeyArn`): granted by ARN. */
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

  let environments: string[] = ["dev", "prod"];
  const rawEnvironments = values["bootstrap:environments"];
  if (rawEnvironments !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawEnvironments);
    } catch {
      parsed = undefined;
    }
    if (
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every((e) => typeof e === "string" && /^[a-z][a-z0-9-]{0,20}$/.test(e))
    )
      environments = parsed as string[];
    else
      problems.push(
        `bootstrap:environments is ${JSON.stringify(rawEnvironments)}; allowed values: a JSON list of lower-case stack names, e.g. ["dev","prod"] (set it with --path or as JSON).`,
      );
  }

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
        ([env, arn]) => environments.includes(env) && typeof arn === "string" && keyArn.test(arn),
      )
    )
      customerKeys = parsed as Record<string, string>;
    else
      problems.push(
        `bootstrap:customerKeys is ${JSON.stringify(rawKeys)}; allowed values: a JSON object from environment to the key ARN its stack sets as stedi:kmsKeyArn, e.g. {"prod":"arn:aws:kms:us-east-1:123456789012:key/…"}.`,
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
    environments,
    region: region!,
    customerKeys,
    ...(oidcProviderArn !== undefined ? { oidcProviderArn } : {}),
  };
}
