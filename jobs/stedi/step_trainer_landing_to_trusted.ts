import { job } from "../../src/dsl";
import { customer_curated, step_trainer_landing, step_trainer_trusted } from "./tables";

export default () =>
  job(
    "step_trainer_landing_to_trusted",
    { description: "Keeps the step trainer readings of curated customers." },
    ({ source, sink }) => {
      const readings = source(step_trainer_landing, { name: "Step Trainer Landing" });
      const customers = source(customer_curated, { name: "Customer Curated" });
      const curatedReadings = readings.join(customers, {
        name: "Readings Of Curated Customers",
        type: "semi",
        on: { serialnumber: "serialnumber" },
      });
      sink(curatedReadings, step_trainer_trusted, { name: "Step Trainer Trusted" });
    },
  );
