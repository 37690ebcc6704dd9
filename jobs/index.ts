import { pipeline, type PipelineDef } from "../src/dsl";
import accelerometerLandingToTrusted from "./accelerometer_landing_to_trusted";
import customerLandingToTrusted from "./customer_landing_to_trusted";
import customerTrustedToCurated from "./customer_trusted_to_curated";
import machineLearningCurated from "./machine_learning_curated";
import type { StediOptions } from "./options";
import stepTrainerLandingToTrusted from "./step_trainer_landing_to_trusted";

export type { StediOptions } from "./options";

/** The STEDI Human Balance Analytics lakehouse, as a function of its options. */
export function stediPipeline(options: StediOptions): PipelineDef {
  return pipeline("stedi", [
    customerLandingToTrusted(),
    accelerometerLandingToTrusted(options),
    customerTrustedToCurated(),
    stepTrainerLandingToTrusted(),
    machineLearningCurated(options),
  ]);
}
