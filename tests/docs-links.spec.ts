/**
 * Every relative link in the documentation resolves: README.md, CONTRIBUTING.md and docs/**.md point only at
 * files and folders that exist, and a `#fragment` only at a heading the target has (GitHub's anchors). Docs move
 * between files; a link left behind fails here, naming the file, the line and the target.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const ROOT = join(__dirname, "..");

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownUnder(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** The lines outside fenced code blocks, with inline code blanked, so code that looks like a link is not one. */
function proseLines(text: string): { line: number; text: string }[] {
  let fenced = false;
  return text.split("\n").flatMap((raw, i) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [{ line: i + 1, text: raw.replace(/`[^`]*`/g, (m) => " ".repeat(m.length)) }];
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const raw of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (!m) continue;
    const slug = (m[1] ?? "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

export function brokenLinks(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const where = relative(ROOT, file);
  const problems: string[] = [];
  for (const { line, text: prose } of proseLines(text)) {
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] ?? "";
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, fragment] = target.split("#", 2);
      const resolved = path ? join(dirname(file), decodeURIComponent(path)) : file;
      if (!existsSync(resolved)) {
        problems.push(`${where}:${line}: ${target}: no file ${relative(ROOT, resolved)}`);
        continue;
      }
      if (fragment === undefined || statSync(resolved).isDirectory() || !resolved.endsWith(".md")) continue;
      if (!headingAnchors(readFileSync(resolved, "utf8")).has(fragment))
        problems.push(`${where}:${line}: ${target}: ${relative(ROOT, resolved)} has no heading #${fragment}`);
    }
  }
  return problems;
}

describe("documentation links", function () {
  const files = [join(ROOT, "README.md"), join(ROOT, "CONTRIBUTING.md"), ...markdownUnder(join(ROOT, "docs"))];

  it("finds GitHub's anchors for headings with code, punctuation and repeats", function () {
    expect([
      ...headingAnchors("# Running locally (`npm start`)\n## Changing a table's format\n## 1. Deploy\n"),
    ]).to.deep.equal(["running-locally-npm-start", "changing-a-tables-format", "1-deploy"]);
    expect([...headingAnchors("## Tests\n```sh\n# not a heading\n```\n## Tests\n")]).to.deep.equal([
      "tests",
      "tests-1",
    ]);
  });

  it("reports a link to a missing file and to a missing heading, not links in code", function () {
    const dir = mkdtempSync(join(tmpdir(), "docs-links-"));
    try {
      writeFileSync(join(dir, "b.md"), "# B\n\n## Real heading\n");
      writeFileSync(
        join(dir, "a.md"),
        [
          "[gone](missing.md) and [wrong](b.md#nope), [right](b.md#real-heading), [web](https://example.com/x.md)",
          "`[code](gone.md)`",
          "```md",
          "[fenced](gone.md)",
          "```",
        ].join("\n"),
      );
      const problems = brokenLinks(join(dir, "a.md"));
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(/a\.md:1: missing\.md: no file/);
      expect(problems[1]).to.match(/a\.md:1: b\.md#nope: .*b\.md has no heading #nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every relative link in README.md, CONTRIBUTING.md and docs/ points to an existing file and heading", function () {
    expect(files.length).to.be.greaterThan(10);
    expect(files.flatMap(brokenLinks)).to.deep.equal([]);
  });
});

describe("README", function () {
  it("starts with exactly the two commands, npm start and npm test, and stays short", function () {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const first = /^# [^\n]+\n\n```sh\n([\s\S]*?)\n```\n/.exec(readme);
    expect(first, "README.md opens with its title, then a sh block").to.not.equal(null);
    const commands = first![1]!.split("\n").filter((l) => !/^\s*#/.test(l) && !/^\s+/.test(l));
    expect(commands.map((l) => l.split("#")[0]!.trim())).to.deep.equal(["npm start", "npm test"]);
    expect(Buffer.byteLength(readme), "README.md is for newcomers; the rest belongs in docs/").to.be.below(12_000);
  });
});
