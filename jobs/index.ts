/**
 * The registered projects. A project is a folder under `jobs/` whose `project.ts` declares it with `project(...)`;
 * registering it is one line here, plus its stack files (`Pulumi.<stack>.yaml` with `lakehouse:project: <name>`).
 */
import type { Project } from "../src/dsl";
import shop from "./shop/project";
import stedi from "./stedi/project";

export const PROJECTS: readonly Project[] = [stedi, shop];
