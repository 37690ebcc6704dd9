import { isNotNull, job } from "../../src/dsl";
import { customer_landing, customer_trusted } from "./tables";

/**
 * customer_trusted is kept merged on serialnumber (./tables.ts), so with Iceberg tables the job is incremental:
 * it reads only the landing files it has not ingested and merges their customers (a customer who lands again is
 * updated, not duplicated); with parquet tables, which cannot merge, it recomputes the table from every file.
 * A filter keeps each record's fate independent of every other record, so N incremental runs give
 * the table of one full run. The other STEDI jobs join against tables that grow, so they recompute.
 */
export default () =>
  job(
    "customer_landing_to_trusted",
    { description: "Keeps the customers who agreed to share their data for research." },
    ({ source, sink }) => {
      const customers = source(customer_landing, { name: "Customer Landing", incremental: true });
      const consenting = customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" });
      sink(consenting, customer_trusted, { name: "Customer Trusted" });
    },
  );
