/**
 * BENCHMARKS.md is written by `npm run bench` and, for the figures it does not measure (the test suite, the edit
 * loop, Iceberg, the landing fit check), by hand from their own scripts. A full `npm run bench` replaces the sections
 * it measured and keeps every other one where it was, so that one run never deletes another's figures.
 */

/** The text before the first `## ` heading, then each `## ` section, heading line included. */
export function splitSections(markdown: string): { head: string; sections: { heading: string; text: string }[] } {
  const parts = markdown.split(/^(?=## )/m);
  const head = parts[0]!.startsWith("## ") ? "" : parts.shift()!;
  return {
    head,
    sections: parts.map((text) => ({ heading: text.split("\n", 1)[0]!.trim(), text: text.trimEnd() + "\n" })),
  };
}

/**
 * `generated` with the sections of `previous` it has no heading for: each after the section it followed before
 * (or at the end, when that one is gone too), in their old order.
 */
export function mergeSections(previous: string, generated: string): string {
  const old = splitSections(previous);
  const fresh = splitSections(generated);
  const headings = new Set(fresh.sections.map((s) => s.heading));
  const out = [...fresh.sections];
  let after = -1;
  for (const section of old.sections) {
    const at = out.findIndex((s) => s.heading === section.heading);
    if (headings.has(section.heading)) {
      after = at;
      continue;
    }
    out.splice(after + 1, 0, section);
    after += 1;
  }
  return `${fresh.head.trimEnd()}\n\n${out.map((s) => s.text.trimEnd()).join("\n\n")}\n`;
}
