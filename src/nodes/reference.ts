/**
 * docs/reference/node-kinds.md, generated from the registry: every kind's `doc` in registry order, so a kind
 * cannot be added without its entry and the page cannot drift from the code (tests/node-kinds.spec.ts compares
 * the committed file with this text).
 */
import { NODE_KINDS } from "./index";

/** Where the page lives, from the repository root. */
export const NODE_KINDS_REFERENCE_PATH = "docs/reference/node-kinds.md";

// A `|` inside a table cell would end the cell; GitHub's tables take `\|` for a literal bar.
const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The whole page, ending with one newline. */
export function nodeKindsReference(): string {
  const kinds = Object.values(NODE_KINDS);
  const rows = kinds.flatMap((spec) =>
    spec.doc.forms.map((f) => `| ${cell(f.builder)} | ${cell(f.renders)} | ${cell(f.output)} |`),
  );
  const sections = kinds.flatMap((spec) => [
    `## \`${spec.kind}\``,
    "",
    spec.doc.summary,
    "",
    ...(spec.doc.example ? ["```ts", ...spec.doc.example, "```", ""] : []),
  ]);
  return [
    "# Node kinds",
    "",
    "<!-- Generated from NODE_KINDS (src/nodes/index.ts) by nodeKindsReference() in src/nodes/reference.ts: edit a",
    "kind's `doc`, then `UPDATE_DOCS=1 npx mocha tests/node-kinds.spec.ts` rewrites this file. -->",
    "",
    "Every node a job can build, one row per way to write it: the DSL call, the code it renders as in the Glue",
    "script, and the node's output schema. How to write a job with them:",
    "[the guide](../guide/writing-jobs.md). Each builder's doc comment (in `src/nodes/<kind>.ts`) shows an",
    "example and the exact code it renders as.",
    "",
    "| DSL | renders as | output schema |",
    "|---|---|---|",
    ...rows,
    "",
    ...sections,
  ].join("\n");
}
