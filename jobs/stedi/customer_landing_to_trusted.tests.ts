import { unitTests } from "../../src/dsl";
import { at, customer } from "./unit-test-rows";

export default () =>
  unitTests("customer_landing_to_trusted", [
    {
      name: "keeps customers with a research consent date and drops those whose date is null",
      given: {
        customer_landing: [
          customer("a@x.com", "s-a", 1000),
          customer("b@x.com", "s-b", null),
          customer("c@x.com", "s-c", 0),
        ],
      },
      expect: {
        customer_trusted: [
          { email: "a@x.com", sharewithresearchasofdate: at(1000) },
          { email: "c@x.com", sharewithresearchasofdate: at(0) },
        ],
      },
    },
    {
      name: "writes an empty table when nobody consented",
      given: { customer_landing: [customer("b@x.com", "s-b", null)] },
      expect: { customer_trusted: [] },
    },
  ]);
