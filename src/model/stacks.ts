/** How a stack's names follow from its project and its own name: one rule for the deploy, the runner and bootstrap. */

/**
 * `sales-dev` for project `sales` and stack `dev`; `shop-dev` for project `shop` and stack `shop-dev`: the stack's
 * name qualified by its project once, which starts every physical name and the default database name.
 */
export function qualifiedStackName(project: string, stack: string): string {
  const name = stack.toLowerCase().startsWith(`${project.toLowerCase()}-`) ? stack : `${project}-${stack}`;
  return name.toLowerCase();
}

/** `sales_dev`, `shop_dev`: the Glue database a stack uses unless it sets `lakehouse:databaseName`. */
export function defaultDatabaseName(project: string, stack: string): string {
  return qualifiedStackName(project, stack).replace(/[^a-z0-9_]/g, "_");
}
