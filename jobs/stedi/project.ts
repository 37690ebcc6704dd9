import { pipeline, project, type PipelineDef, type UnitTestDef } from "../../src/dsl";
import accelerometerLandingToTrusted from "./accelerometer_landing_to_trusted";
import accelerometerLandingToTrustedTests from "./accelerometer_landing_to_trusted.tests";
import customerLandingToTrusted from "./customer_landing_to_trusted";
import customerLandingToTrustedTests from "./customer_landing_to_trusted.tests";
import customerTrustedToCurated from "./customer_trusted_to_curated";
import customerTrustedToCuratedTests from "./customer_trusted_to_curated.tests";
import machineLearningCurated from "./machine_learning_curated";
import machineLearningCuratedTests from "./machine_learning_curated.tests";
import { STEDI_OPTIONS, type StediPipelineOptions } from "./options";
import stepTrainerLandingToTrusted from "./step_trainer_landing_to_trusted";
import stepTrainerLandingToTrustedTests from "./step_trainer_landing_to_trusted.tests";

export type { StediOptions, StediPipelineOptions } from "./options";

/** The STEDI Human Balance Analytics lakehouse, as a function of its options. */
export function stediPipeline(options: StediPipelineOptions): PipelineDef {
  return pipeline(
    "stedi",
    [
      customerLandingToTrusted(),
      accelerometerLandingToTrusted(options),
      customerTrustedToCurated(),
      stepTrainerLandingToTrusted(),
      machineLearningCurated(options),
    ],
    // Landing tables stay JSON lines; the stack setting decides the format of every table the jobs write.
    { tableFormat: options.tableFormat ?? "parquet" },
  );
}

/** The jobs' unit tests (`jobs/stedi/<job>.tests.ts`) for a profile; `npm run test:jobs` runs them. */
export function stediUnitTests(options: StediPipelineOptions): UnitTestDef[] {
  return [
    ...customerLandingToTrustedTests(),
    ...accelerometerLandingToTrustedTests(options),
    ...customerTrustedToCuratedTests(),
    ...stepTrainerLandingToTrustedTests(),
    ...machineLearningCuratedTests(options),
  ];
}

/** STEDI, registered in jobs/registered.ts; its stacks are `dev` and `prod`. */
export default project({
  name: "stedi",
  description:
    "STEDI Human Balance Analytics: step trainer and accelerometer readings of customers who agreed to share them for research.",
  options: STEDI_OPTIONS,
  pipeline: stediPipeline,
  unitTests: stediUnitTests,
  synthetic: { script: "jobs/stedi/synthetic.py" },
});
