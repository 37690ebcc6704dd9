import { unitTests } from "../../src/dsl";
import { customer, reading } from "./unit-test-rows";

export default () =>
  unitTests("customer_trusted_to_curated", [
    {
      name: "drops a customer without readings and keeps one with many readings once",
      given: {
        customer_trusted: [customer("a@x.com", "s-a", 1000), customer("b@x.com", "s-b", 1000)],
        accelerometer_trusted: [reading("a@x.com", 1), reading("a@x.com", 2), reading("a@x.com", 2)],
      },
      expect: { customer_curated: [{ email: "a@x.com", serialnumber: "s-a" }] },
    },
    {
      name: "writes an empty table when there are no readings",
      given: { customer_trusted: [customer("a@x.com", "s-a", 1000)], accelerometer_trusted: [] },
      expect: { customer_curated: [] },
    },
  ]);
