/**
 * Code generation at scale: validate + render of synthetic pipelines of 10, 100 and 1,000 jobs, and the
 * freshness check over their files. Runs in-process after a warm-up, so it measures our code, not Node start-up.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compareGenerated } from "../src/cli/render";
import { assertValid } from "../src/dsl";
import { renderPipeline, type RenderedPipeline } from "../src/render";
import { figure, measure, type Figure } from "./stats";
import { syntheticPipeline } from "./synthetic-pipeline";

export interface CodegenResult {
  readonly jobs: number;
  readonly files: number;
  readonly validateAndRender: Figure;
  readonly check: Figure;
}

function renderSynthetic(jobs: number): RenderedPipeline {
  return renderPipeline(assertValid(syntheticPipeline(jobs)), {
    stack: "bench",
    database: "bench_db",
    options: {},
  });
}

export function benchCodegen(sizes: readonly number[], runs: number): CodegenResult[] {
  renderSynthetic(50); // warm-up: template compilation and JIT
  return sizes.map((jobs) => {
    const validateAndRender = measure(runs, () => renderSynthetic(jobs));
    const rendered = renderSynthetic(jobs);
    const root = mkdtempSync(join(tmpdir(), `bench-check-${jobs}-`));
    for (const f of rendered.files) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content);
    }
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const stale = compareGenerated([renderSynthetic(jobs)], root);
      samples.push(performance.now() - t0);
      if (stale.changed.length + stale.missing.length + stale.extra.length)
        throw new Error(`check found stale files in a fresh render of ${jobs} jobs`);
    }
    return { jobs, files: rendered.files.length, validateAndRender, check: figure(samples) };
  });
}
