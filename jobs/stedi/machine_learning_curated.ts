import { dq, e, job } from "../../src/dsl";
import type { StediPipelineOptions } from "./options";
import { accelerometer_trusted, customer_curated, machine_learning_curated, step_trainer_trusted } from "./tables";

export default (options: StediPipelineOptions) =>
  job(
    "machine_learning_curated",
    { description: "Pairs each step trainer reading with the accelerometer readings taken at the same millisecond." },
    ({ source, sink }) => {
      const steps = source(step_trainer_trusted, { name: "Step Trainer Trusted" });
      const readings = source(accelerometer_trusted, { name: "Accelerometer Trusted" });
      const paired = steps.join(readings, {
        name: "Readings At The Same Time",
        type: "inner",
        on: { sensorreadingtime: "timestamp" },
      });
      // The rubric pairs on time alone, so a pair can join one customer's step trainer reading with
      // another customer's accelerometer reading of the same millisecond. This row-level rule marks
      // those pairs (2,700 of 43,681 rows in the starter data, standard privacy). Action warn in both
      // stacks: the table keeps the rubric's rows and counts; "quarantine" would set the pairs aside.
      // AWS Glue accepts a row-level query that returns plain columns of primary, none of which a reference
      // table also has, so the customers' keys are renamed. They are also made non-NULL (no customer_curated row
      // has a NULL key: customer_trusted's rules stop the job otherwise): the INTERSECT's columns are then
      // non-NULL, and the engine matches rows with a hash join, not a nested loop
      // (docs/decisions/data-quality-rules.md).
      const customerKeys = source(customer_curated, { name: "Customer Curated" })
        .derive(
          {
            customer_serialnumber: e.coalesce(e.col("serialnumber"), ""),
            customer_email: e.coalesce(e.col("email"), ""),
          },
          { name: "Customer Keys" },
        )
        .select(["customer_serialnumber", "customer_email"], { name: "Customer Key Columns" });
      const checked = paired.evaluateDataQuality(
        dq.rules(
          "warn",
          dq.customSqlRows(
            "select serialnumber, user from primary " +
              "intersect select customer_serialnumber, customer_email from customer_keys",
            ["customer_keys"],
          ),
        ),
        { name: "Same Customer Check", references: { customer_keys: customerKeys } },
      );
      const training = options.privacy === "strict" ? checked.drop([], { name: "Drop PII", tagged: "pii" }) : checked;
      sink(training, machine_learning_curated, { name: "Machine Learning Curated" });
    },
  );
