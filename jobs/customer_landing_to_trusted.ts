import { isNotNull, job } from "../src/dsl";
import { customer_landing, customer_trusted } from "./tables";

export default () =>
  job("customer_landing_to_trusted", { description: "Keeps the customers who agreed to share their data for research." }, ({ source, sink }) => {
    const customers = source(customer_landing, { name: "Customer Landing" });
    const consenting = customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" });
    sink(consenting, customer_trusted, { name: "Customer Trusted", mode: "overwrite" });
  });
