/** Entry point of `npm start`, `npm run render` and `npm run graph`. */
import { PipelineValidationError, UnitTestValidationError } from "../dsl";
import { StackConfigError } from "../config/stack-config";
import { RenderError, renderCommand } from "./render";
import { readStackConfig, stackNames } from "./stacks";
import { buildStack } from "../build";
import { pipelineSummary } from "./summary";

const USAGE = `Usage:
  npm start [-- --stack NAME] [--landing DIR] [--table-format F] [--jobs A,B | --from A] [--report FILE]   render if stale, run locally
  npm run render [-- --check]                                                             write (or check) generated/
  npm run dev [-- npm start options]                                                         watch jobs/: re-render and rerun what changed
  npm run test:jobs [-- --job NAME] [--stack NAME] [--table-format iceberg]                  run the jobs' unit tests on local Spark
  npm run graph [-- --stack NAME]                                                         print jobs, tables and lineage
  npm run diff [-- --base REF] [--stack NAME] [--landing DIR] [--key T=C] [--json F] [--markdown F]  data diff vs a ref
  tsx src/cli/main.ts pr-report --artifacts DIR …               (CI, preview.yml) compose the pull-request comment`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "render":
      return renderCommand(rest);
    case "graph": {
      const i = rest.indexOf("--stack");
      const stacks = i >= 0 ? [rest[i + 1] ?? ""] : stackNames();
      console.log(stacks.map((s) => pipelineSummary(buildStack(readStackConfig(s)))).join("\n\n"));
      return 0;
    }
    case "dev": {
      const { devCommand } = await import("./dev");
      return devCommand(rest);
    }
    case "test-jobs": {
      const { testJobsCommand } = await import("./test-jobs");
      return testJobsCommand(rest);
    }
    case "diff": {
      const { diffCommand } = await import("./diff");
      return diffCommand(rest);
    }
    case "pr-report": {
      const { prReportCommand } = await import("./pr-report");
      return prReportCommand(rest);
    }
    case "run": {
      const { runCommand } = await import("./run");
      return runCommand(rest);
    }
    default:
      console.error(command ? `Unknown command ${JSON.stringify(command)}.\n${USAGE}` : USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Validation and config errors are for people: print the list, not a stack trace.
    if (
      err instanceof PipelineValidationError ||
      err instanceof StackConfigError ||
      err instanceof UnitTestValidationError
    )
      console.error(err.message);
    else if (err instanceof RenderError) console.error(`render: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
