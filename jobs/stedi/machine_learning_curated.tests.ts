import { unitTests } from "../../src/dsl";
import type { StediPipelineOptions } from "./options";
import { at, customer, reading, step } from "./unit-test-rows";

// The job reads customer_curated for its same-customer check (a warn rule): these are the customers the readings belong
// to.
const customers = [customer("a@x.com", "s-a", 50), customer("b@x.com", "s-b", 50)];

export default (options: StediPipelineOptions) =>
  unitTests("machine_learning_curated", [
    options.privacy === "strict"
      ? {
          name: "strict: pairs readings of the same millisecond and writes no PII columns",
          given: {
            customer_curated: customers,
            step_trainer_trusted: [step("s-a", 100, 250)],
            accelerometer_trusted: [reading("a@x.com", 100, 0.5)],
          },
          // The table's declared columns are checked too: no user, no serialnumber.
          expect: {
            machine_learning_curated: [
              { sensorreadingtime: at(100), distancefromobject: 250, timestamp: at(100), x: 0.5, y: 0.0, z: -1.0 },
            ],
          },
        }
      : {
          name: "standard: pairs a step trainer reading with the accelerometer reading of the same millisecond",
          given: {
            customer_curated: customers,
            step_trainer_trusted: [step("s-a", 100, 250), step("s-a", 101)],
            accelerometer_trusted: [reading("a@x.com", 100, 0.5), reading("a@x.com", 102)],
          },
          expect: {
            machine_learning_curated: [
              {
                sensorreadingtime: at(100),
                serialnumber: "s-a",
                distancefromobject: 250,
                user: "a@x.com",
                timestamp: at(100),
                x: 0.5,
                y: 0.0,
                z: -1.0,
              },
            ],
          },
        },
    {
      name: "a step trainer reading at a millisecond shared by two customers pairs with both customers' readings",
      given: {
        customer_curated: customers,
        step_trainer_trusted: [step("s-a", 100)],
        accelerometer_trusted: [reading("a@x.com", 100), reading("b@x.com", 100)],
      },
      expect: {
        machine_learning_curated: [
          { sensorreadingtime: at(100), timestamp: at(100) },
          { sensorreadingtime: at(100), timestamp: at(100) },
        ],
      },
    },
    {
      name: "duplicate accelerometer readings make duplicate rows; a step reading without a match makes none",
      given: {
        customer_curated: customers,
        step_trainer_trusted: [step("s-a", 100), step("s-a", 300)],
        accelerometer_trusted: [reading("a@x.com", 100), reading("a@x.com", 100)],
      },
      expect: { machine_learning_curated: [{ sensorreadingtime: at(100) }, { sensorreadingtime: at(100) }] },
    },
  ]);
