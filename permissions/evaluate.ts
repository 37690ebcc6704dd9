/**
 * Evaluates recorded AWS calls against a principal's real policy documents with a real IAM engine,
 * `@cloud-copilot/iam-simulate` (identity policies, permissions boundaries, resource policies, every
 * condition operator, and KMS's rule that a key policy must let the account's IAM policies count).
 *
 * Pure apart from the engine: callers hand in documents and calls as data. The lakehouse's documents
 * come from the Pulumi program run under mocks (tests/infra-harness.ts), so what is evaluated is what
 * would be deployed.
 */
import { isWildcardOnlyAction, runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[] | Record<string, unknown>;
}

export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** Who makes calls: a role, its identity policies and its permissions boundary. */
export interface Principal {
  /** What a reader calls it: `deploy role dev`, `job role customer_landing_to_trusted (dev)`. */
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly boundary?: NamedPolicy;
}

/** One AWS call as IAM authorizes it: an action on one resource, with its request context. */
export interface Call {
  readonly action: string;
  /** The ARN IAM checks, or `*` for actions without a resource type. */
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** The step that makes the call: `CatalogTable customer_trusted: create, read back`. */
  readonly step: string;
  /** Where the call sequence comes from: a provider file and function, a docs page. */
  readonly source: string;
  /** An error the caller tolerates (the provider ignores AccessDenied here, say), so the grant is optional. */
  readonly tolerated?: string;
}

/** The resource policy that applies to an ARN (a bucket's policy, a key's policy), if any. */
export type ResourcePolicies = (arn: string) => PolicyDocument | undefined;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Verdict {
  readonly call: Call;
  readonly principal: string;
  readonly decision: Decision;
  /** `<policy name>#<Sid or statement index>` of each identity statement that allowed the call. */
  readonly allowedBy: readonly string[];
  /** True when IAM's service reference lists no resource type of the action for this ARN (see unlistedResourceType). */
  readonly unvalidated?: boolean;
}

export class EvaluationError extends Error {}

/** The context every call made over the SDK carries: TLS, and who is calling. */
function requestContext(principal: Principal, call: Call): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {
    "aws:SecureTransport": "true",
    "aws:PrincipalArn": principal.arn,
    "aws:PrincipalAccount": principal.accountId,
  };
  for (const [key, value] of Object.entries(call.context ?? {}))
    context[key] = typeof value === "string" ? value : [...value];
  return context;
}

const statementId = (policy: string, statement: { sid(): string | undefined; index(): number }) =>
  `${policy}#${statement.sid() ?? statement.index()}`;

/** Evaluates one call as `principal` makes it; throws when the engine refuses the request itself. */
export async function evaluateCall(
  principal: Principal,
  call: Call,
  resourcePolicies: ResourcePolicies = () => undefined,
): Promise<Verdict> {
  // IAM's service reference knows which actions have no resource type (glue:CreateDataQualityRuleset, say):
  // those are authorized on `*` whatever ARN the caller names.
  const [service, name] = call.action.split(":") as [string, string];
  if (call.resource !== "*" && (await isWildcardOnlyAction(service, name))) call = { ...call, resource: "*" };
  const resourceAccount = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(call.resource)?.[1] ?? principal.accountId;
  const resourcePolicy = resourcePolicies(call.resource);
  const simulation = (identityPolicies: readonly NamedPolicy[]): Simulation => ({
    request: {
      principal: principal.arn,
      action: call.action,
      resource: { resource: call.resource, accountId: resourceAccount },
      contextVariables: requestContext(principal, call),
    },
    identityPolicies: identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
    ...(principal.boundary
      ? { permissionBoundaryPolicies: [{ name: principal.boundary.name, policy: principal.boundary.document }] }
      : {}),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
  const response = await runSimulation(simulation(principal.identityPolicies), {});
  if (response.resultType === "error" && response.errors.message === "no.resource.types")
    return unlistedResourceType(principal, call, simulation);
  if (response.resultType === "error")
    throw new EvaluationError(
      `${principal.name}: the IAM engine refused ${call.action} on ${call.resource} (${call.step}): ` +
        JSON.stringify(response.errors),
    );
  // `*` (an action without a resource type) is the one wildcard request: its results are per matching pattern.
  if (response.resultType === "wildcard" && call.resource !== "*")
    throw new EvaluationError(`${call.action} on ${call.resource}: expected one resource, got a wildcard request.`);
  const results = response.resultType === "single" ? [response.result] : response.results;
  return {
    call,
    principal: principal.name,
    decision: response.overallResult as Decision,
    allowedBy: results.flatMap((r) =>
      (r.analysis?.identityAnalysis?.allowStatements ?? []).map((s) => statementId(s.policyId, s.statement)),
    ),
  };
}

/**
 * A call on an ARN whose type IAM's service reference does not list for the action (glue:GetTags on a data
 * quality ruleset, say): the engine refuses to validate it, so it is evaluated without validation, and each
 * allowing statement is found by evaluating the statements one at a time. Marked, for the decision note.
 */
function unlistedResourceType(
  principal: Principal,
  call: Call,
  simulation: (policies: readonly NamedPolicy[]) => Simulation,
): Verdict {
  const decision = runUnsafeSimulation(simulation(principal.identityPolicies), {}) as Decision;
  const allowedBy: string[] = [];
  for (const { policy, id, statement } of allowStatements(principal)) {
    const alone = { name: policy.name, document: { Version: "2012-10-17", Statement: [statement] } };
    if (runUnsafeSimulation(simulation([alone]), {}) === "Allowed") allowedBy.push(id);
  }
  return { call, principal: principal.name, decision, allowedBy, unvalidated: true };
}

/** Each Allow statement of the principal's identity policies, named `<policy>#<Sid or index>`. */
function allowStatements(principal: Principal) {
  return principal.identityPolicies.flatMap((policy) =>
    (Array.isArray(policy.document.Statement) ? policy.document.Statement : [policy.document.Statement])
      .map((statement, index) => ({
        policy,
        statement,
        id: `${policy.name}#${(statement.Sid as string | undefined) ?? index}`,
      }))
      .filter(({ statement }) => statement.Effect === "Allow"),
  );
}

/**
 * Evaluates every call; the verdicts keep the calls' order. A deploy repeats the same request many times (every
 * read-back of a resource): each distinct request (action, resource, context) is simulated once.
 */
export async function evaluateCalls(
  principal: Principal,
  calls: readonly Call[],
  resourcePolicies?: ResourcePolicies,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const seen = new Map<string, Verdict>();
  for (const call of calls) {
    const request = JSON.stringify([call.action, call.resource, call.context ?? {}]);
    const known = seen.get(request);
    // The evaluated call may name `*` instead of the ARN (actions without a resource type): keep what was evaluated.
    if (known) verdicts.push({ ...known, call: { ...call, resource: known.call.resource } });
    else {
      const verdict = await evaluateCall(principal, call, resourcePolicies);
      seen.set(request, verdict);
      verdicts.push(verdict);
    }
  }
  return verdicts;
}

/** A denied call that is not tolerated, as one line a reader can act on. */
export function describeDenial(v: Verdict): string {
  return `${v.principal}: ${v.decision} ${v.call.action} on ${v.call.resource} (${v.call.step}; ${v.call.source})`;
}

/** The calls that must succeed and do not. */
export const deniedCalls = (verdicts: readonly Verdict[]): Verdict[] =>
  verdicts.filter((v) => v.decision !== "Allowed" && v.call.tolerated === undefined);

/**
 * Least privilege, the other way: every `(statement, action)` an identity policy allows that no evaluated
 * call used. `exceptions` maps `<policy>#<Sid>` or `<policy>#<Sid>:<action>` to the reason it stays.
 */
export function unusedGrants(
  principal: Principal,
  verdicts: readonly Verdict[],
  exceptions: Readonly<Record<string, string>> = {},
): string[] {
  const used = new Set<string>();
  for (const v of verdicts)
    if (v.decision === "Allowed") for (const id of v.allowedBy) used.add(`${id}:${v.call.action.toLowerCase()}`);
  const unused: string[] = [];
  for (const { id, statement } of allowStatements(principal)) {
    if (exceptions[id] !== undefined) continue;
    for (const action of ([] as string[]).concat(statement.Action as string | string[])) {
      if (exceptions[`${id}:${action}`] !== undefined) continue;
      const pattern = new RegExp(
        `^${action
          .toLowerCase()
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")}$`,
      );
      if (![...used].some((u) => u.startsWith(`${id}:`) && pattern.test(u.slice(id.length + 1))))
        unused.push(`${principal.name}: ${id} grants ${action}, which no recorded call needs`);
    }
  }
  return unused;
}
