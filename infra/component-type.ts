/**
 * The type tokens of the engine's ComponentResources. A token is part of every URN below the component, so a new
 * token alone would make Pulumi delete and recreate each deployed bucket, role and job. The components were first
 * registered as `stedi:infra:<Kind>`, when STEDI was the only project; each one carries that token as an alias, and
 * its children inherit the alias through their parent, so a stack deployed before the rename is adopted in place.
 */
import * as pulumi from "@pulumi/pulumi";

/** The components deployed stacks may hold under their first token; a component added later has no former token. */
export const COMPONENT_KINDS = [
  "Lakehouse",
  "LakeStorage",
  "SecureBucket",
  "LakeSecurity",
  "LakeCatalog",
  "GlueServiceRole",
  "GlueJobs",
  "DataQuality",
  "LakeWorkflow",
  "LandingCrawler",
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const COMPONENT_PACKAGE = "lakehouse:infra";
/** Kept only as an alias: stacks deployed before the engine was separated from its first project hold it. */
export const FORMER_COMPONENT_PACKAGE = "stedi:infra";

export const componentType = (kind: ComponentKind): string => `${COMPONENT_PACKAGE}:${kind}`;

/**
 * The base of every engine component: registers `kind` under its token, with the former token as an alias after
 * any the caller passes, so that each component names its kind once.
 */
export abstract class InfraComponent extends pulumi.ComponentResource {
  protected constructor(kind: ComponentKind, name: string, opts?: pulumi.ComponentResourceOptions) {
    const aliases = [...(opts?.aliases ?? []), { type: `${FORMER_COMPONENT_PACKAGE}:${kind}` }];
    super(componentType(kind), name, {}, { ...opts, aliases });
  }
}
