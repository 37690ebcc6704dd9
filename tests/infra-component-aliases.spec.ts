/**
 * The components' type tokens moved from `stedi:infra:*` to `lakehouse:infra:*` (infra/component-type.ts). A type is
 * part of the URN of the component and of everything below it, so without an alias Pulumi would replace every
 * deployed bucket, role and job. These specs read what the program sends the engine (the mock monitor's register
 * requests, aliases included, which the mocks' `newResource` does not see) and check that every resource of a stack
 * deployed before the rename still answers to its old URN.
 */
import { expect } from "chai";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { COMPONENT_KINDS, COMPONENT_PACKAGE, FORMER_COMPONENT_PACKAGE, componentType } from "../infra/component-type";
import { runBootstrap, runProgram } from "./infra-harness";

interface AliasSpec {
  readonly name: string;
  readonly type: string;
  readonly stack: string;
  readonly project: string;
  readonly parenturn: string;
  readonly noparent: boolean;
}

interface Registration {
  readonly type: string;
  readonly name: string;
  /** The mock monitor's URN of the parent ("" for none). */
  readonly parent: string;
  readonly aliases: readonly { readonly urn: string; readonly spec?: AliasSpec }[];
  /** The URN the mock monitor answered, by which children name this one as their parent. */
  urn?: string;
}

interface RegisterRequest {
  toObject(): {
    type: string;
    name: string;
    parent: string;
    aliasesList: { urn: string; spec?: AliasSpec }[];
  };
}

/** Runs `program` while recording every register request the Pulumi SDK sends the (mock) engine. */
async function recordRegistrations(program: () => Promise<unknown>): Promise<Registration[]> {
  const registrations: Registration[] = [];
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req: RegisterRequest, callback) {
    const { type, name, parent, aliasesList } = req.toObject();
    const registration: Registration = { type, name, parent, aliases: aliasesList };
    registrations.push(registration);
    return original.call(this, req, (err, response: { getUrn(): string } | undefined) => {
      if (response) registration.urn = response.getUrn();
      callback(err, response);
    });
  };
  try {
    await program();
  } finally {
    MockMonitor.prototype.registerResource = original;
  }
  return registrations;
}

const ROOT_STACK = "pulumi:pulumi:Stack";

/**
 * The qualified types (the URN's type part: the ancestors' types and its own, joined by `$`) under which the engine
 * matches a resource to deployed state: its own type or an alias's type, under any qualified type its parent is
 * matched under. An alias of a parent thus applies to every child, as Pulumi's engine applies it (the SDK's
 * `allAliases` computes the same set when an engine takes URNs instead of alias specs).
 */
function matchedTypes(registrations: readonly Registration[]) {
  const byUrn = new Map(registrations.filter((r) => r.urn).map((r) => [r.urn!, r]));
  const current = (r: Registration): string => {
    const parent = byUrn.get(r.parent);
    return parent && parent.type !== ROOT_STACK ? `${current(parent)}$${r.type}` : r.type;
  };
  const matched = (r: Registration): Set<string> => {
    const types = [r.type, ...r.aliases.map((a) => a.spec?.type ?? "").filter((t) => t !== "")];
    const parent = byUrn.get(r.parent);
    const parents = parent && parent.type !== ROOT_STACK ? [...matched(parent)] : [undefined];
    return new Set(parents.flatMap((p) => types.map((t) => (p === undefined ? t : `${p}$${t}`))));
  };
  return { current, matched };
}

/** The qualified type a resource had in a stack deployed before the rename. */
const beforeTheRename = (qualifiedType: string) =>
  qualifiedType
    .split("$")
    .map((t) => (t.startsWith(`${COMPONENT_PACKAGE}:`) ? `${FORMER_COMPONENT_PACKAGE}:${t.split(":")[2]}` : t))
    .join("$");

describe("infra: component type tokens keep deployed stacks in place", function () {
  this.timeout(120_000);
  const runs: Record<string, Registration[]> = {};

  before(async function () {
    // dev has crawlers, prod a schedule; between them every component is registered.
    for (const stack of ["dev", "prod"]) runs[stack] = await recordRegistrations(() => runProgram(stack));
    runs.bootstrap = await recordRegistrations(() =>
      runBootstrap({ "bootstrap:githubRepository": "example/lakehouse", "aws:region": "us-east-1" }),
    );
  });

  it("registers every component as lakehouse:infra:<Kind>, none under the former token", function () {
    const types = new Set(Object.values(runs).flatMap((rs) => rs.map((r) => r.type)));
    expect([...types].filter((t) => t.startsWith(`${FORMER_COMPONENT_PACKAGE}:`))).to.deep.equal([]);
    expect([...types].filter((t) => t.startsWith(`${COMPONENT_PACKAGE}:`)).sort()).to.deep.equal(
      COMPONENT_KINDS.map(componentType).sort(),
    );
  });

  it("gives each component one alias: its former type, same name, same parent, same stack and project", function () {
    for (const [run, registrations] of Object.entries(runs))
      for (const r of registrations.filter((x) => x.type.startsWith(`${COMPONENT_PACKAGE}:`))) {
        const kind = r.type.slice(COMPONENT_PACKAGE.length + 1);
        const specs = r.aliases.map((a) => a.spec);
        expect(specs, `${run}: ${r.type} ${r.name}`).to.deep.equal([
          // Empty name, stack and project mean "unchanged"; the SDK passes the current parent along (none at the top).
          {
            name: "",
            type: `${FORMER_COMPONENT_PACKAGE}:${kind}`,
            stack: "",
            project: "",
            parenturn: r.parent === "" ? undefined : r.parent,
            noparent: undefined,
          },
        ]);
      }
  });

  it("leaves no resource of a stack deployed before the rename without its old URN (none is replaced)", function () {
    for (const [run, registrations] of Object.entries(runs)) {
      const { current, matched } = matchedTypes(registrations);
      const renamed = registrations.filter((r) => beforeTheRename(current(r)) !== current(r));
      // More than the components: every bucket, role, job and trigger below them moved too.
      const components = registrations.filter((r) => r.type.startsWith(`${COMPONENT_PACKAGE}:`));
      expect(renamed.length, run).to.be.greaterThan(components.length);
      const lost = renamed.filter((r) => !matched(r).has(beforeTheRename(current(r))));
      expect(
        lost.map((r) => `${r.type} ${r.name}`),
        `${run}: resources whose old URN no alias reaches`,
      ).to.deep.equal([]);
    }
  });
});
