// The registered projects, one line each: `export { default as <name> } from "./<name>/project";`.
// The export's name must be the project's name (jobs/index.ts checks it).
export { default as shop } from "./shop/project";
export { default as stedi } from "./stedi/project";
