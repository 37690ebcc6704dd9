import { job } from "../../src/dsl";
import { accelerometer_trusted, customer_curated, customer_trusted } from "./tables";

export default () =>
  job(
    "customer_trusted_to_curated",
    { description: "Keeps the trusted customers who have accelerometer data." },
    ({ source, sink }) => {
      const customers = source(customer_trusted, { name: "Customer Trusted" });
      const readings = source(accelerometer_trusted, { name: "Accelerometer Trusted" });
      const withReadings = customers.join(readings, {
        name: "Customers With Readings",
        type: "semi",
        on: { email: "user" },
      });
      sink(withReadings, customer_curated, { name: "Customer Curated" });
    },
  );
