import { unitTests } from "../../src/dsl";
import { at, customer, step } from "./unit-test-rows";

export default () =>
  unitTests("step_trainer_landing_to_trusted", [
    {
      name: "keeps readings of curated customers' devices and drops the others",
      given: {
        step_trainer_landing: [step("s-a", 100), step("s-a", 200), step("s-unknown", 100)],
        customer_curated: [customer("a@x.com", "s-a", 1000)],
      },
      expect: {
        step_trainer_trusted: [
          { serialnumber: "s-a", sensorreadingtime: at(100) },
          { serialnumber: "s-a", sensorreadingtime: at(200) },
        ],
      },
    },
    {
      name: "keeps each reading once when two curated customers share a serial number",
      given: {
        step_trainer_landing: [step("s-shared", 100)],
        customer_curated: [customer("a@x.com", "s-shared", 1000), customer("b@x.com", "s-shared", 1000)],
      },
      expect: {
        step_trainer_trusted: [{ serialnumber: "s-shared", sensorreadingtime: at(100), distancefromobject: 200 }],
      },
    },
  ]);
