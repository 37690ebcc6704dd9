/**
 * STEDI rendered with `stedi:tableFormat iceberg`, written to a directory of its own (the committed
 * generated/ stays parquet): what the Iceberg specs and benchmarks run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildStack } from "../src/build";
import type { Privacy } from "../src/config/stack-config";

/** Renders dev (standard) and prod (strict) with Iceberg tables under `root`; returns their directories. */
export function renderIcebergStacks(root: string, profiles: readonly [string, Privacy][] = [["dev", "standard"], ["prod", "strict"]]): string[] {
  return profiles.map(([stack, privacy]) => {
    const rendered = buildStack({ stack, privacy, databaseName: `stedi_${stack}`, tableFormat: "iceberg" });
    for (const file of rendered.files) {
      const path = join(root, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    return join(root, "generated", stack);
  });
}
