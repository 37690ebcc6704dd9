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

/** The engine's layers, which the application layer (`src/build.ts`, `src/cli`) may all use. */
const ENGINE = ["src/model", "src/nodes", "src/table-formats", "src/compiler", "src/render", "src/dsl"];

/**
 * What each layer may import besides itself: paths or path prefixes (`src/model` is the folder, `src/model/problems`
 * one module) and package prefixes (`node:` is the standard library). The first rule whose `files` prefix matches
 * a file is its layer. The rows go bottom up and are one-way: a row may name only rows above it in this list (the
 * layers below it), which a test below checks; a cycle among one row's own files fails the no-cycle test.
 */
const RULES: readonly { files: string; mayImport: readonly string[]; packages: readonly string[] }[] = [
  // The engine, bottom up (docs/architecture.md): the plain model, the node kinds, the table formats (their views are
  // of sinks and catalog reads; the kinds get the registry through their contexts), the compiler, rendering, the face.
  { files: "src/model/", mayImport: [], packages: ["node:crypto"] },
  { files: "src/nodes/", mayImport: ["src/model"], packages: [] },
  { files: "src/table-formats/", mayImport: ["src/model", "src/nodes"], packages: [] },
  { files: "src/compiler/", mayImport: ["src/model", "src/nodes", "src/table-formats"], packages: [] },
  {
    files: "src/render/",
    mayImport: ["src/model", "src/nodes", "src/table-formats", "src/compiler"],
    packages: ["handlebars", "node:"],
  },
  { files: "src/dsl/", mayImport: ["src/model", "src/nodes", "src/compiler"], packages: [] },
  { files: "jobs/", mayImport: ["src/dsl"], packages: [] },
  {
    files: "src/config/",
    mayImport: ["src/model/problems", "src/model/options", "src/model/stacks", "src/model/glue-versions"],
    packages: [],
  },
  { files: "src/build.ts", mayImport: ["jobs", ...ENGINE, "src/config"], packages: [] },
  {
    files: "src/cli/",
    mayImport: [...ENGINE, "src/config", "src/build", "jobs/index"],
    packages: ["node:", "yaml", "ts-json-schema-generator"],
  },
  {
    files: "infra/",
    mayImport: [
      "src/render/types",
      "src/render/storage-format",
      "src/render/options",
      "src/table-formats",
      "src/config",
    ],
    packages: ["@pulumi/", "node:"],
  },
  { files: "policy/", mayImport: [], packages: ["@pulumi/policy"] },
  {
    files: "bootstrap/",
    mayImport: ["infra/secure-bucket", "infra/naming", "src/config/stack-config"],
    packages: ["@pulumi/", "node:"],
  },
  {
    files: "permissions/",
    mayImport: ["src/render/types", "infra/naming", "src/model/glue-versions"],
    packages: ["@cloud-copilot/iam-simulate"],
  },
  { files: "scripts/", mayImport: ["src/cli/python-env", "src/cli/run", "infra/key-policy"], packages: ["node:"] },
  { files: "index.ts", mayImport: ["infra", "src/build", "src/config", "jobs/index"], packages: ["@pulumi/"] },
];
const CHECKED_FOLDERS = ["jobs", "src", "infra", "policy", "bootstrap", "scripts", "permissions"];

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

/** The row of the table a repository path (a file, or an import without extension) belongs to; -1 for none. */
function rowOf(path: string, rules: typeof RULES = RULES): number {
  return rules.findIndex((r) =>
    r.files.endsWith("/")
      ? within(path, r.files) || path === r.files.slice(0, -1)
      : path === r.files || path === r.files.replace(/\.ts$/, ""),
  );
}

/** Every `mayImport` entry of the table that is not a row below its own (earlier in the list): one-way or not. */
function tableDirectionProblems(rules: typeof RULES): string[] {
  return rules.flatMap((rule, own) =>
    rule.mayImport.flatMap((allowed) => {
      const row = rowOf(allowed, rules);
      if (row < 0) return [`${rule.files} may import ${allowed}, which is in no row of the table`];
      if (row >= own) return [`${rule.files} may import ${allowed} (row ${rules[row]!.files}), which is not below it`];
      return [];
    }),
  );
}

/** The imports of one file that its layer's rule does not allow, as messages naming the file and the import. */
function layerViolations(file: string, imports: readonly Import[]): string[] {
  const own = rowOf(file);
  const rule = RULES[own];
  if (!rule) return [`${file}: in no layer; add it to tests/layering.spec.ts and docs/architecture.md`];
  return imports.flatMap((i) => {
    if ("package" in i)
      return rule.packages.some((allowed) => i.package.startsWith(allowed))
        ? []
        : [`${file} uses the package ${i.package} (${rule.files} may use: ${rule.packages.join(", ") || "none"})`];
    if (within(i.path, rule.files) || rule.mayImport.some((allowed) => within(i.path, allowed))) return [];
    const upward = rowOf(i.path) > own ? ", a layer above it" : "";
    return [`${file} imports ${i.path}${upward} (${rule.files} may import: ${rule.mayImport.join(", ") || "nothing"})`];
  });
}

/** Each file's imports of other files of the set, types and `typeof import(...)` included. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      file,
      importsOf(file).flatMap((i) => ("path" in i && known.has(`${i.path}.ts`) ? [`${i.path}.ts`] : [])),
    ]),
  );
}

/** One import cycle of the graph, as the files around it (the first repeated at the end), or undefined. */
function findImportCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
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

/**
 * The import graph between one Python package's own modules (`runtime/lakehouse/x.py` is `x`), deferred imports
 * inside functions included: `from lakehouse import a` and `from lakehouse.a import f` are both an arrow to `a`.
 */
function pythonModuleGraph(pkg: string): Map<string, string[]> {
  const name = pkg.split("/").at(-1)!;
  const modules = new Set(
    filesUnder(pkg, ".py").map((f) =>
      f
        .slice(pkg.length + 1, -3)
        .split("/")
        .join("."),
    ),
  );
  const graph = new Map<string, string[]>();
  for (const module of [...modules].sort()) {
    const text = readFileSync(join(repoRoot, pkg, `${module.split(".").join("/")}.py`), "utf8");
    const targets = pythonImportsOf(text).flatMap((target) => {
      const parts = target.split(".");
      if (parts[0] !== name) return [];
      for (let n = parts.length; n > 1; n--) {
        const candidate = parts.slice(1, n).join(".");
        if (modules.has(candidate)) return candidate === module ? [] : [candidate];
      }
      return [];
    });
    graph.set(module, [...new Set(targets)].sort());
  }
  return graph;
}

/** Every import cycle of a graph, each as `a → b → … → a` starting at its smallest module, once. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles = new Set<string>();
  const done = new Set<string>();
  const visit = (module: string, path: string[]) => {
    const at = path.indexOf(module);
    if (at >= 0) {
      const cycle = path.slice(at);
      const start = cycle.indexOf([...cycle].sort()[0]!);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.add([...rotated, rotated[0]].join(" → "));
      return;
    }
    if (done.has(module)) return;
    for (const next of graph.get(module) ?? []) visit(next, [...path, module]);
    done.add(module);
  };
  for (const module of graph.keys()) visit(module, []);
  return [...cycles].sort();
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
      "jobs/x.ts imports src/config/stack-config, a layer above it (jobs/ may import: src/dsl)",
    ]);
    expect(layerViolations("infra/x.ts", [{ path: "src/model/types" }])).to.deep.equal([
      "infra/x.ts imports src/model/types (infra/ may import: src/render/types, src/render/storage-format, src/render/options, src/table-formats, src/config)",
    ]);
    expect(layerViolations("src/model/x.ts", [{ package: "@pulumi/pulumi" }])).to.have.length(1);
    expect(layerViolations("src/render/x.ts", [{ path: "src/model/types" }, { package: "handlebars" }])).to.deep.equal(
      [],
    );
  });

  it("the engine's layers import only downward: model, node kinds, table formats, compiler, render, face", function () {
    const upward = (file: string, path: string) => layerViolations(file, [{ path }]);
    expect(upward("src/model/types.ts", "src/nodes/index")).to.deep.equal([
      "src/model/types.ts imports src/nodes/index, a layer above it (src/model/ may import: nothing)",
    ]);
    expect(upward("src/nodes/kind.ts", "src/compiler/validate")).to.have.length(1);
    expect(upward("src/nodes/sink.ts", "src/render/types")).to.have.length(1);
    // The kinds get the table formats through their contexts; the formats' views name the kinds' types.
    expect(upward("src/nodes/sink.ts", "src/table-formats/index")).to.deep.equal([
      "src/nodes/sink.ts imports src/table-formats/index, a layer above it (src/nodes/ may import: src/model)",
    ]);
    expect(upward("src/table-formats/iceberg.ts", "src/compiler/validate")).to.have.length(1);
    expect(upward("src/table-formats/iceberg.ts", "src/nodes/sink")).to.deep.equal([]);
    expect(upward("src/compiler/validate.ts", "src/render/render")).to.have.length(1);
    expect(upward("src/render/render.ts", "src/dsl/index")).to.have.length(1);
    expect(upward("src/dsl/index.ts", "src/compiler/validate")).to.deep.equal([]);
    expect(upward("src/nodes/filter.ts", "src/model/pyspark")).to.deep.equal([]);
  });

  it("the table's rows are one-way: each may import only rows below it", function () {
    expect(tableDirectionProblems(RULES), tableDirectionProblems(RULES).join("\n")).to.deep.equal([]);
    const swapped = [RULES[1]!, RULES[0]!, ...RULES.slice(2)];
    expect(tableDirectionProblems(swapped)).to.deep.equal([
      "src/nodes/ may import src/model (row src/model/), which is not below it",
    ]);
    const sideways = [
      { files: "a/", mayImport: ["b"], packages: [] },
      { files: "b/", mayImport: ["a"], packages: [] },
    ];
    expect(tableDirectionProblems(sideways)).to.deep.equal(["a/ may import b (row b/), which is not below it"]);
  });

  it("src/ has no import cycle, not even through type-only imports", function () {
    const graph = importGraph(filesUnder("src", ".ts"));
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    expect(graph.size).to.be.greaterThan(50);
    expect(edges, "imports between src/ files found").to.be.greaterThan(150);
    const cycle = findImportCycle(graph);
    expect(cycle, `import cycle: ${cycle?.join(" → ")}`).to.equal(undefined);
  });

  it("names the files around an import cycle", function () {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["b.ts"]],
      ["d.ts", []],
    ]);
    expect(findImportCycle(graph)).to.deep.equal(["b.ts", "c.ts", "b.ts"]);
    expect(
      findImportCycle(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).to.equal(undefined);
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

  it("runtime/lakehouse has no import cycle, deferred imports included: the CLIs import the library, never back", function () {
    const graph = pythonModuleGraph("runtime/lakehouse");
    expect(graph.get("run"), "run.py is read").to.include("runner");
    const cycles = importCycles(graph);
    expect(cycles, `import cycles in runtime/lakehouse:\n${cycles.join("\n")}`).to.deep.equal([]);
  });

  it("finds an import cycle, however long, and names it once", function () {
    const graph = new Map([
      ["run", ["runner"]],
      ["runner", ["spark_session", "manifest"]],
      ["spark_session", ["class_archive"]],
      ["class_archive", ["run"]],
      ["dev", ["run", "runner"]],
      ["manifest", []],
    ]);
    expect(importCycles(graph)).to.deep.equal(["class_archive → run → runner → spark_session → class_archive"]);
    expect(
      importCycles(
        new Map([
          ["a", []],
          ["b", ["a"]],
        ]),
      ),
    ).to.deep.equal([]);
  });

  it("reads Python imports, parenthesised and aliased ones included", function () {
    expect(
      pythonImportsOf("from awsglue import (\n    _catalog,\n    local_writes as lw,\n)\nimport lakehouse.run  # x\n"),
    ).to.deep.equal(["awsglue._catalog", "awsglue.local_writes", "lakehouse.run"]);
  });
});
