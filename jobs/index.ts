/**
 * The registered projects. A project is a folder under `jobs/` whose `project.ts` declares it with `project(...)`;
 * registering it is one line in `jobs/registered.ts`, plus its stack files (`Pulumi.<stack>.yaml` with
 * `lakehouse:project: <name>`). Nothing else in the engine names a project.
 */
import type { Project } from "../src/dsl";
import * as registered from "./registered";

function registry(exported: Readonly<Record<string, Project>>): readonly Project[] {
  for (const [name, project] of Object.entries(exported))
    if (project.name !== name)
      throw new Error(
        `jobs/registered.ts exports project ${JSON.stringify(project.name)} as ${JSON.stringify(name)}; ` +
          `export it under its own name: export { default as ${project.name} } from "./<folder>/project";`,
      );
  // By name, so that every list of projects (messages, references) has one order whatever the file's.
  return Object.values(exported).sort((a, b) => a.name.localeCompare(b.name));
}

export const PROJECTS: readonly Project[] = registry(registered);
