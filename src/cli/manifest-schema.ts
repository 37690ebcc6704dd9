/**
 * The JSON Schema of `pipeline.json`, emitted from its TypeScript type (`PipelineManifest`, src/render/manifest.ts)
 * by ts-json-schema-generator. `npm run render` writes it and `render --check` compares it, so the schema cannot
 * drift from the type; the runner validates every manifest it loads against it (runtime/lakehouse/manifest.py).
 * It sits with the runner rather than in generated/: a runner checks a manifest against its own checkout's
 * schema, as it does with MANIFEST_FORMAT_VERSION, whichever folder of rendered stacks it is given.
 */
import { join } from "node:path";
import { createGenerator } from "ts-json-schema-generator";
import type { GeneratedFile } from "../render";
import { REPO_ROOT } from "./stacks";

export const MANIFEST_SCHEMA_PATH = "runtime/lakehouse/pipeline.schema.json";
const MANIFEST_TYPE = "PipelineManifest";

export function manifestSchemaFile(root = REPO_ROOT): GeneratedFile {
  const schema = createGenerator({
    path: join(root, "src", "render", "manifest.ts"),
    type: MANIFEST_TYPE,
    // tsc already type-checks the source in `npm test`; checking it again here would double the render's time.
    skipTypeCheck: true,
    // Every exported type gets a definition, so an error names the manifest's own types (ManifestJob, Column).
    expose: "export",
    topRef: true,
    // Strict: a field the type does not declare is an error, so a manifest from another renderer fails clearly.
    additionalProperties: false,
  }).createSchema(MANIFEST_TYPE);
  return { path: MANIFEST_SCHEMA_PATH, content: `${JSON.stringify(schema, null, 2)}\n` };
}
