import { unitTests } from "../../src/dsl";
import type { StediPipelineOptions } from "./options";
import { at, customer, reading } from "./unit-test-rows";

const consenting = customer("a@x.com", "s-a", 5000);
const earlyReadings = [reading("a@x.com", 4999), reading("a@x.com", 5000), reading("a@x.com", 5001)];

export default (options: StediPipelineOptions) =>
  unitTests("accelerometer_landing_to_trusted", [
    {
      name: "keeps readings of trusted customers only; a reading without a user matches nobody",
      given: {
        accelerometer_landing: [reading("a@x.com", 6000), reading("stranger@x.com", 6000), reading(null, 6000)],
        customer_trusted: [consenting],
      },
      expect: { accelerometer_trusted: [{ user: "a@x.com", timestamp: at(6000) }] },
    },
    {
      name: "keeps duplicate readings as they landed, each once even if the customer is listed twice",
      given: {
        accelerometer_landing: [reading("a@x.com", 6000), reading("a@x.com", 6000)],
        customer_trusted: [consenting, consenting],
      },
      expect: {
        accelerometer_trusted: [
          { user: "a@x.com", timestamp: at(6000) },
          { user: "a@x.com", timestamp: at(6000) },
        ],
      },
    },
    options.privacy === "strict"
      ? {
          name: "strict: drops readings taken before consent, keeps those at and after it",
          given: { accelerometer_landing: earlyReadings, customer_trusted: [consenting] },
          expect: { accelerometer_trusted: [{ timestamp: at(5000) }, { timestamp: at(5001) }] },
        }
      : {
          name: "standard: keeps readings taken before consent too",
          given: { accelerometer_landing: earlyReadings, customer_trusted: [consenting] },
          expect: {
            accelerometer_trusted: [{ timestamp: at(4999) }, { timestamp: at(5000) }, { timestamp: at(5001) }],
          },
        },
  ]);
