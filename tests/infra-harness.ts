/**
 * Runs the real Pulumi program (index.ts) for a stack against `pulumi.runtime.setMocks`, capturing
 * every resource it registers. Order matters: config, then mocks, then a fresh `require` of index.ts
 * (its module cache entry is dropped so each stack runs the program again in the same process).
 * Also turns the captured resources into the records CrossGuard policies receive.
 *
 * The mock set-up (`installMocks`, `settle`, `allRegistered`) is exported for the other users of
 * the mocks, bench/pulumi-mocks-child.ts among them: these tests stay the one definition of what
 * the mocks answer.
 */
import { PROJECTS } from "../jobs";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime";
import { stackConfigValues } from "../src/cli/stacks";
import { parseStackConfig, type JobSettings, type StackConfig } from "../src/config/stack-config";

export const ACCOUNT_ID = "123456789012";
/** The organization Pulumi's DIY (S3) backend gives every stack; Pulumi Cloud would give the account's. */
export const ORGANIZATION = "organization";
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** Glue job settings for specs that build job resources or arguments directly, without a stack file. */
export const JOB_SETTINGS: JobSettings = {
  glueVersion: "5.0",
  workerType: "G.1X",
  numberOfWorkers: 2,
  executionClass: "STANDARD",
  timeoutMinutes: 10,
  maxRetries: 0,
  bookmarks: true,
};

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** What the program passed in, untyped as Pulumi hands it to mocks (assertions navigate it freely). */
  readonly inputs: MockResourceArgs["inputs"];
  /** What the mock returned: inputs plus the names and ARNs AWS would assign. */
  readonly state: MockResourceResult["state"];
}

/** One statement of an IAM policy document, as a test reads it back from a resource's JSON input. */
export interface ParsedStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: { readonly Service?: string | string[]; readonly AWS?: string | string[] };
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ProgramRun {
  readonly stack: string;
  readonly config: StackConfig;
  readonly resources: readonly CapturedResource[];
  readonly outputs: Record<string, unknown>;
  ofType(type: string): CapturedResource[];
  one(type: string, name?: string): CapturedResource;
}

/** Names, ids and ARNs AWS would compute, for the resource kinds the program reads them from. */
export function mockState(type: string, name: string, inputs: MockResourceArgs["inputs"]): MockResourceResult {
  const physical = inputs.name ?? `${name}-a1b2c3d`;
  switch (type) {
    case "aws:s3/bucket:Bucket": {
      const bucket = inputs.bucket ?? `${name}-a1b2c3d`;
      return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}` } };
    }
    case "aws:kms/key:Key":
      return {
        id: `${name}-key-id`,
        state: { ...inputs, keyId: `${name}-key-id`, arn: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${name}-key-id` },
      };
    case "aws:iam/role:Role":
      return { id: physical, state: { ...inputs, name: physical, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${physical}` } };
    case "aws:iam/policy:Policy":
      return {
        id: `arn:aws:iam::${ACCOUNT_ID}:policy/${physical}`,
        state: { ...inputs, name: physical, arn: `arn:aws:iam::${ACCOUNT_ID}:policy/${physical}` },
      };
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
      const arn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`;
      return { id: arn, state: { ...inputs, arn } };
    }
    case "aws:glue/securityConfiguration:SecurityConfiguration":
    case "aws:iam/rolePolicy:RolePolicy":
      return { id: physical, state: { ...inputs, name: physical } };
    default:
      return { id: `${name}-id`, state: { ...inputs, arn: `arn:aws:mock:::${type}/${name}` } };
  }
}

/** The data sources the program reads (lookupAwsContext). Any other call echoes its inputs. */
export const MOCK_CALLS: Record<string, Record<string, unknown>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": {
    id: ACCOUNT_ID,
    accountId: ACCOUNT_ID,
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`,
    userId: "AIDATEST",
  },
  "aws:index/getPartition:getPartition": {
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  },
};

/** The value of an Output (or the value itself). */
export function settle(value: unknown): Promise<unknown> {
  return pulumi.Output.isInstance(value)
    ? new Promise((resolve) => (value as pulumi.Output<unknown>).apply((v) => resolve(v)))
    : Promise.resolve(value);
}

/** Waits until every resource registration the program started has reached the mocks. */
export async function allRegistered(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (runtime.waitForRPCs) await runtime.waitForRPCs();
}

/**
 * Sets `values` as the stack's config, then mocks for `stack`: each resource registered from now on
 * gets `mockState` and is passed to `record`; each call gets `MOCK_CALLS`. Whatever is constructed next
 * (index.ts, or a Lakehouse directly) runs against these mocks.
 */
export async function installMocks(
  stack: string,
  values: Record<string, string>,
  record: (resource: CapturedResource) => void,
  project = "stedi-lakehouse",
  deployedOutputs: Record<string, unknown> = {},
): Promise<void> {
  pulumi.runtime.setAllConfig(values);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        // A StackReference reads a stack's last deployed outputs: `deployedOutputs`, none for a stack never deployed.
        const { id, state } =
          args.type === STACK_REFERENCE
            ? {
                id: args.inputs.name as string,
                state: { name: args.inputs.name, outputs: deployedOutputs, secretOutputNames: [] },
              }
            : mockState(args.type, args.name, args.inputs);
        record({
          type: args.type,
          name: args.name,
          urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
          inputs: args.inputs,
          state,
        });
        return { id, state };
      },
      call: (args) => MOCK_CALLS[args.token] ?? args.inputs,
    },
    project,
    stack,
    false,
    ORGANIZATION,
  );
}

/**
 * Runs index.ts for `stack` with its `Pulumi.<stack>.yaml` config, changed by `overrides`
 * (a value of undefined removes the key). `deployedOutputs` are what the stack's last deploy exported (none: a
 * stack never deployed).
 */
export async function runProgram(
  stack: string,
  overrides: Record<string, string | undefined> = {},
  deployedOutputs: Record<string, unknown> = {},
): Promise<ProgramRun> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...stackConfigValues(stack), ...overrides }))
    if (v !== undefined) values[k] = v;
  const resources: CapturedResource[] = [];

  await installMocks(stack, values, (r) => resources.push(r), undefined, deployedOutputs);

  const entry = require.resolve("../index");
  delete require.cache[entry];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only a fresh require() runs the program again
  const entryPoint = require(entry) as (() => Promise<Record<string, unknown>>) | Record<string, unknown>;
  // Pulumi calls an exported function and takes what it resolves to as the stack outputs.
  let program: Record<string, unknown>;
  try {
    program = typeof entryPoint === "function" ? await entryPoint() : entryPoint;
  } catch (e) {
    // What was registered before the program failed, for tests of a refusal.
    if (e instanceof Error) Object.assign(e, { registered: [...resources] });
    throw e;
  }

  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) outputs[key] = await settle(value);
  await allRegistered();

  return {
    stack,
    config: parseStackConfig(stack, values, PROJECTS),
    resources,
    outputs,
    ofType: (type) => resources.filter((r) => r.type === type),
    one: (type, name) => {
      const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
      if (found.length !== 1)
        throw new Error(`Expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}.`);
      return found[0]!;
    },
  };
}

// ── The bootstrap program ────────────────────────────────────────────────────────────────────────

/** Runs bootstrap/index.ts under mocks with `config`, as a fresh program. */
export type BootstrapOutputs = pulumi.Unwrap<typeof import("../bootstrap/index")>;

export interface BootstrapRun {
  readonly resources: CapturedResource[];
  /** The program's exports, resolved. */
  readonly outputs: BootstrapOutputs;
  ofType(type: string): CapturedResource[];
  named(type: string, name: string): CapturedResource;
}

export async function runBootstrap(config: Record<string, string>): Promise<BootstrapRun> {
  const resources: CapturedResource[] = [];
  await installMocks("account", config, (r) => resources.push(r), "stedi-lakehouse-bootstrap");
  const entry = require.resolve("../bootstrap/index");
  delete require.cache[entry];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only a fresh require() runs the program again
  const program = require(entry) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) outputs[key] = await settle(value);
  await allRegistered();
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    outputs: outputs as BootstrapOutputs,
    ofType,
    named: (type, name) => {
      const found = ofType(type).filter((r) => r.name === name);
      if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
      return found[0]!;
    },
  };
}

// ── Policies ──────────────────────────────────────────────────────────────────────────────────────

class NotApplicable extends Error {}

const policyOpts = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** What CrossGuard passes `validateResource` for one resource. */
export function validationArgs(
  type: string,
  props: ResourceValidationArgs["props"],
  name = "r",
): ResourceValidationArgs {
  return {
    type,
    props,
    urn: `urn:pulumi:test::stedi-lakehouse::${type}::${name}`,
    name,
    opts: policyOpts,
    stackTags: new Map(),
    isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === type,
    asType: () => props as never,
    getConfig: () => ({}) as never,
    notApplicable: (reason) => {
      throw new NotApplicable(reason);
    },
  };
}

export function policyResource(r: Pick<CapturedResource, "type" | "name" | "urn" | "state">): PolicyResource {
  return {
    type: r.type,
    props: r.state,
    urn: r.urn,
    name: r.name,
    opts: policyOpts,
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === r.type,
    asType: () => r.state as never,
  };
}

/** Every violation one resource policy reports for one resource. */
export async function resourceViolations(
  policy: ResourceValidationPolicy,
  type: string,
  props: ResourceValidationArgs["props"],
): Promise<string[]> {
  const violations: string[] = [];
  const checks =
    policy.validateResource === undefined
      ? []
      : Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
  for (const check of checks) {
    try {
      await check(validationArgs(type, props), (message) => violations.push(message));
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
    }
  }
  return violations;
}

export async function stackViolations(
  policy: StackValidationPolicy,
  resources: readonly PolicyResource[],
): Promise<string[]> {
  const violations: string[] = [];
  await policy.validateStack(
    {
      resources: [...resources],
      stackTags: new Map(),
      getConfig: () => ({}) as never,
      notApplicable: (reason) => {
        throw new NotApplicable(reason);
      },
    },
    (message) => violations.push(message),
  );
  return violations;
}

// ── One component at a time ───────────────────────────────────────────────────────────────────────

export interface ComponentRun {
  readonly resources: readonly CapturedResource[];
  /** `type::name` → the names of the resources it was given in `dependsOn` (mocks do not see options). */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  ofType(type: string): CapturedResource[];
  one(type: string, name?: string): CapturedResource;
}

const resourceName = (r: unknown) => (r as { __name?: string }).__name ?? "?";

/**
 * Builds one component under the mocks (stack `dev`'s config) and captures what it registers, with each
 * resource's `dependsOn`: `build` receives options to pass to the component, whose transformation sees
 * every child's options before it registers.
 */
export async function runComponent(
  build: (opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource,
): Promise<ComponentRun> {
  const resources: CapturedResource[] = [];
  const dependsOn = new Map<string, string[]>();
  await installMocks("dev", stackConfigValues("dev"), (r) => resources.push(r));
  const component = build({
    transformations: [
      ({ type, name, opts }) => {
        const deps =
          opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
        dependsOn.set(`${type}::${name}`, (deps as unknown[]).map(resourceName));
        return undefined;
      },
    ],
  });
  await settle(component.urn);
  await allRegistered();
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    dependsOn,
    ofType,
    one: (type, name) => {
      const found = ofType(type).filter((r) => name === undefined || r.name === name);
      if (found.length !== 1)
        throw new Error(`Expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}.`);
      return found[0]!;
    },
  };
}
