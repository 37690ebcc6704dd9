import { job } from "../src/dsl";
import type { StediOptions } from "./options";
import { accelerometer_trusted, machine_learning_curated, step_trainer_trusted } from "./tables";

export default (options: StediOptions) =>
  job("machine_learning_curated", { description: "Pairs each step trainer reading with the accelerometer readings taken at the same millisecond." }, ({ source, sink }) => {
    const steps = source(step_trainer_trusted, { name: "Step Trainer Trusted" });
    const readings = source(accelerometer_trusted, { name: "Accelerometer Trusted" });
    const paired = steps.join(readings, { name: "Readings At The Same Time", type: "inner", on: { sensorreadingtime: "timestamp" } });
    const training = options.privacy === "strict" ? paired.drop([], { name: "Drop PII", tagged: "pii" }) : paired;
    sink(training, machine_learning_curated, { name: "Machine Learning Curated", mode: "overwrite" });
  });
