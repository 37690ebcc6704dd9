import { column, job } from "../../src/dsl";
import type { StediPipelineOptions } from "./options";
import { accelerometer_landing, accelerometer_trusted, customer_trusted } from "./tables";

export default (options: StediPipelineOptions) =>
  job(
    "accelerometer_landing_to_trusted",
    { description: "Keeps the readings of customers who agreed to share their data for research." },
    ({ source, sql, sink }) => {
      const readings = source(accelerometer_landing, { name: "Accelerometer Landing" });
      const customers = source(customer_trusted, { name: "Customer Trusted" });
      // A semi join keeps each reading at most once and brings no customer columns along.
      const trusted =
        options.privacy === "strict"
          ? sql(
              `SELECT a.user, a.timestamp, a.x, a.y, a.z
FROM readings a
LEFT SEMI JOIN customers c
  ON a.user = c.email AND a.timestamp >= c.sharewithresearchasofdate`,
              { readings, customers },
              [
                column("user", "string"),
                column("timestamp", "bigint"),
                column("x", "double"),
                column("y", "double"),
                column("z", "double"),
              ],
              { name: "Readings After Consent" },
            )
          : readings.join(customers, { name: "Readings Of Trusted Customers", type: "semi", on: { user: "email" } });
      sink(trusted, accelerometer_trusted, { name: "Accelerometer Trusted" });
    },
  );
