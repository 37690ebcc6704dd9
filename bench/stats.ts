/** Small helpers for benchmark figures: every figure is the median, min and max of several runs. */
import { loadavg } from "node:os";
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** The machine's 1-, 5- and 15-minute load averages, as the benchmark sections print them ("2.7, 2.6, 2.6"). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(", ");
}

export function figure(samples: readonly number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

export function measure(runs: number, fn: () => void): Figure {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return figure(samples);
}

export const ms = (f: Figure, digits = 0) =>
  `${f.median.toFixed(digits)} ms (min ${f.min.toFixed(digits)}, max ${f.max.toFixed(digits)}, n=${f.runs})`;
export const sec = (f: Figure, digits = 1) =>
  `${f.median.toFixed(digits)} s (min ${f.min.toFixed(digits)}, max ${f.max.toFixed(digits)}, n=${f.runs})`;
