import { isNotNull, job } from "../../src/dsl";
import type { StediOptions } from "./options";
import { customer_landing, customer_trusted } from "./tables";

/**
 * With Iceberg tables the job is incremental: it reads only the landing files it has not ingested
 * and merges their customers on serialnumber (a customer who lands again is updated, not duplicated).
 * A filter keeps each record's fate independent of every other record, so N incremental runs give
 * the table of one full run. The other STEDI jobs join against tables that grow, so they recompute.
 */
export default (options: Partial<Pick<StediOptions, "tableFormat">> = {}) =>
  job(
    "customer_landing_to_trusted",
    { description: "Keeps the customers who agreed to share their data for research." },
    ({ source, sink }) => {
      const incremental = options.tableFormat === "iceberg";
      const customers = source(customer_landing, { name: "Customer Landing", incremental });
      const consenting = customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" });
      sink(
        consenting,
        customer_trusted,
        incremental
          ? { name: "Customer Trusted", mode: "merge", keys: ["serialnumber"] }
          : { name: "Customer Trusted", mode: "overwrite" },
      );
    },
  );
