/**
 * The layering of docs/architecture.md ("Where things are", column "may import"), checked over every import
 * statement: each TypeScript file's relative imports and packages, and the imports between the Python runtime's
 * packages. A new arrow between layers fails here, naming the file and the import, until either the code or the
 * table in docs/architecture.md (and the rule below, which mirrors it) changes.
 */
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { repoRoot } from "./local-run-support";

/** An import: a repository path without extension (relative imports) or a package name. */
type Import = { readonly path: string } | { readonly package: string };

/**
 * What each layer may import besides itself: paths or path prefixes (`src/dsl` is the folder, `src/render/python`
 * one module) and package prefixes (`node:` is the standard library). The first rule whose `files` prefix matches
 * a file is its layer.
 */
const RULES: readonly { files: string; mayImport: readonly string[]; packages: readonly string[] }[] = [
  { files: "jobs/", mayImport: ["src/dsl"], packages: [] },
  { files: "examples/", mayImport: ["src/dsl"], packages: ["node:path"] },
  { files: "src/dsl/", mayImport: ["src/nodes", "src/table-formats"], packages: [] },
  {
    files: "src/nodes/",
    mayImport: ["src/dsl", "src/render/python", "src/render/expressions", "src/render/types", "src/table-formats"],
    packages: [],
  },
  {
    files: "src/table-formats/",
    mayImport: ["src/dsl", "src/nodes", "src/render/python", "src/render/expressions", "src/render/types"],
    packages: [],
  },
  {
    files: "src/render/",
    mayImport: ["src/dsl", "src/nodes", "src/table-formats"],
    packages: ["handlebars", "node:"],
  },
  { files: "src/config/", mayImport: ["src/dsl/problems", "jobs/options"], packages: [] },
  { files: "src/build.ts", mayImport: ["jobs", "src"], packages: [] },
  { files: "src/cli/", mayImport: ["src", "examples/index"], packages: ["node:", "yaml"] },
  {
    files: "infra/",
    mayImport: ["src/render/types", "src/render/storage-format", "src/table-formats", "src/config"],
    packages: ["@pulumi/", "node:"],
  },
  { files: "policy/", mayImport: [], packages: ["@pulumi/policy"] },
  { files: "bootstrap/", mayImport: ["infra/secure-bucket", "infra/naming"], packages: ["@pulumi/", "node:"] },
  { files: "permissions/", mayImport: ["src/render/types", "infra/naming"], packages: ["@cloud-copilot/iam-simulate"] },
  { files: "scripts/", mayImport: ["src/cli/python-env", "infra/key-policy"], packages: ["node:"] },
  { files: "index.ts", mayImport: ["infra", "src/build", "src/config"], packages: ["@pulumi/"] },
];
const CHECKED_FOLDERS = ["jobs", "examples", "src", "infra", "policy", "bootstrap", "scripts", "permissions"];

/** Python: what each runtime package may import from the other two (modules or packages). */
const PYTHON_RULES: readonly { files: string; mayImport: readonly string[] }[] = [
  { files: "runtime/awsglue/", mayImport: [] },
  { files: "runtime/awsgluedq/", mayImport: ["awsglue"] },
  // The runner plays the AWS services around a job: it fills the catalog stand-in, and reads what the shim and
  // the data-quality transform recorded.
  {
    files: "runtime/lakehouse/",
    mayImport: ["awsglue._catalog", "awsglue.local_writes", "awsglue.context", "awsgluedq.engine", "awsgluedq.results"],
  },
];
const RUNTIME_PACKAGES = ["awsglue", "awsgluedq", "lakehouse"];

const SKIPPED_FOLDERS = new Set(["node_modules", ".venv", ".lakehouse", ".git", "generated", "out"]);

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : filesUnder(path, extension);
    return entry.name.endsWith(extension) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every import of a TypeScript file, static, dynamic, `require` and `typeof import(...)` alike. */
function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(repoRoot, file), "utf8"), true, true);
  return info.importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith(".")) return { package: fileName };
    const path = relative(repoRoot, resolve(repoRoot, dirname(file), fileName));
    return { path: existsSync(join(repoRoot, path, "index.ts")) ? `${path}/index` : path };
  });
}

const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix.replace(/\/$/, "")}/`);

/** The imports of one file that its layer's rule does not allow, as messages naming the file and the import. */
function layerViolations(file: string, imports: readonly Import[]): string[] {
  const rule = RULES.find((r) => file.startsWith(r.files));
  if (!rule) return [`${file}: in no layer; add it to tests/layering.spec.ts and docs/architecture.md`];
  return imports.flatMap((i) => {
    if ("package" in i)
      return rule.packages.some((allowed) => i.package.startsWith(allowed))
        ? []
        : [`${file} uses the package ${i.package} (${rule.files} may use: ${rule.packages.join(", ") || "none"})`];
    if (within(i.path, rule.files) || rule.mayImport.some((allowed) => within(i.path, allowed))) return [];
    return [`${file} imports ${i.path} (${rule.files} may import: ${rule.mayImport.join(", ") || "nothing"})`];
  });
}

/** `from a.b import c, d` gives a.b.c and a.b.d (either may be a module); `import a.b` gives a.b. */
function pythonImportsOf(text: string): string[] {
  const joined = text.replace(/import\s*\(([^)]*)\)/g, (_, names: string) => `import ${names.replace(/\s+/g, " ")}`);
  return joined.split("\n").flatMap((line) => {
    const from = /^\s*from\s+([\w.]+)\s+import\s+([^#]+)/.exec(line);
    if (from)
      return from[2]!
        .split(",")
        .map((name) => name.trim().split(/\s+as\s+/)[0])
        .filter((name) => name)
        .map((name) => `${from[1]}.${name}`);
    const plain = /^\s*import\s+([\w.]+)/.exec(line);
    return plain ? [plain[1]!] : [];
  });
}

describe("layering (docs/architecture.md)", function () {
  it("every TypeScript import stays within what the table in docs/architecture.md allows", function () {
    const files = ["index.ts", ...CHECKED_FOLDERS.flatMap((dir) => filesUnder(dir, ".ts"))];
    expect(files.length).to.be.greaterThan(50);
    const violations = files.flatMap((file) => layerViolations(file, importsOf(file)));
    expect(violations, violations.join("\n")).to.deep.equal([]);
  });

  it("reports an upward import, a sideways one and a package a layer may not use", function () {
    expect(layerViolations("jobs/x.ts", [{ path: "src/config/stack-config" }])).to.deep.equal([
      "jobs/x.ts imports src/config/stack-config (jobs/ may import: src/dsl)",
    ]);
    expect(layerViolations("infra/x.ts", [{ path: "src/dsl/types" }])).to.have.length(1);
    expect(layerViolations("src/dsl/x.ts", [{ package: "@pulumi/pulumi" }])).to.have.length(1);
    expect(layerViolations("src/render/x.ts", [{ path: "src/dsl/types" }, { package: "handlebars" }])).to.deep.equal(
      [],
    );
  });

  it("the Python runtime's packages import each other only as the table allows", function () {
    const violations: string[] = [];
    let crossImports = 0;
    for (const rule of PYTHON_RULES) {
      const own = rule.files.split("/")[1]!;
      for (const file of filesUnder(rule.files, ".py"))
        for (const target of pythonImportsOf(readFileSync(join(repoRoot, file), "utf8"))) {
          const pkg = target.split(".")[0]!;
          if (pkg === own || !RUNTIME_PACKAGES.includes(pkg)) continue;
          crossImports++;
          if (!rule.mayImport.some((allowed) => target === allowed || target.startsWith(`${allowed}.`)))
            violations.push(
              `${file} imports ${target} (${rule.files} may import: ${rule.mayImport.join(", ") || "none of the others"})`,
            );
        }
    }
    expect(crossImports, "imports between runtime packages found").to.be.greaterThan(5);
    expect(violations, violations.join("\n")).to.deep.equal([]);
  });

  it("reads Python imports, parenthesised and aliased ones included", function () {
    expect(
      pythonImportsOf("from awsglue import (\n    _catalog,\n    local_writes as lw,\n)\nimport lakehouse.run  # x\n"),
    ).to.deep.equal(["awsglue._catalog", "awsglue.local_writes", "lakehouse.run"]);
  });
});
