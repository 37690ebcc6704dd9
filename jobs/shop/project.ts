import { project, unitTests } from "../../src/dsl";
import { shopPipeline } from "./pipeline";

/** The shop's job unit tests: given rows in, expected rows out, through each stack's real generated script. */
function shopUnitTests() {
  return [
    ...unitTests("all_sales", [
      {
        name: "unions web and store sales and drops lines without a positive quantity",
        given: {
          order_lines: [
            { order_id: 1, sku: "apple", qty: 3, unit_price: 2.5, order_day: "2026-01-05" },
            { order_id: 2, sku: "pear", qty: 0, unit_price: 4.0, order_day: "2026-01-05" },
          ],
          store_sales_landing: [{ order_id: 100, sku: "fig", qty: 2, unit_price: 3.0, sold_at: 1767614400000 }],
        },
        expect: {
          all_sales: [
            { order_id: 1, sku: "apple", qty: 3, order_day: "2026-01-05" },
            { order_id: 100, sku: "fig", qty: 2, order_day: "2026-01-05" },
          ],
        },
      },
    ]),
    ...unitTests("shipments", [
      {
        name: "keeps a shipment once and routes it by status",
        given: {
          shipments_landing: [
            { shipment_id: 1, order_id: 1, shipped_at: 1767688200000, carrier: "DHL", status: "delivered" },
            { shipment_id: 2, order_id: 2, shipped_at: 1767780000000, carrier: "UPS", status: "in_transit" },
            { shipment_id: 2, order_id: 2, shipped_at: 1767780000000, carrier: "UPS", status: "in_transit" },
          ],
        },
        expect: {
          delivered_shipments: [{ shipment_id: 1, carrier: "DHL" }],
          open_shipments: [{ shipment_id: 2, carrier: "UPS" }],
        },
      },
    ]),
    ...unitTests("sku_latest_sale", [
      {
        name: "keeps each SKU's latest web or store sale, numbered, with the quantity so far and the one before",
        given: {
          order_lines: [
            {
              order_id: 1,
              customer_id: 10,
              channel: "web",
              sku: "apple",
              qty: 3,
              unit_price: 2.5,
              placed_at: "2026-01-05 10:00:00",
            },
            {
              order_id: 2,
              customer_id: 11,
              channel: "app",
              sku: "apple",
              qty: 4,
              unit_price: 2.5,
              placed_at: "2026-01-05 13:00:00",
            },
            {
              order_id: 2,
              customer_id: 11,
              channel: "app",
              sku: "pear",
              qty: 1,
              unit_price: 4.0,
              placed_at: "2026-01-05 13:00:00",
            },
          ],
          // 2026-01-05 12:00:00 UTC: between the two web sales of apples
          store_sales_landing: [{ order_id: 100, sku: "apple", qty: 2, unit_price: 2.5, sold_at: 1767614400000 }],
        },
        expect: {
          sku_latest_sale: [
            { sku: "apple", order_id: 2, channel: "app", sale_no: 3, qty_so_far: 9, prev_qty: 2 },
            { sku: "pear", order_id: 2, channel: "app", sale_no: 1, qty_so_far: 1, prev_qty: 0 },
          ],
        },
      },
      {
        name: "gives a store sale, which has no customer or channel, customer 0 and channel store",
        given: {
          order_lines: [],
          store_sales_landing: [{ order_id: 100, sku: "fig", qty: 2, unit_price: 3.0, sold_at: 1767614400000 }],
        },
        expect: {
          sku_latest_sale: [
            {
              sku: "fig",
              order_id: 100,
              customer_id: 0,
              channel: "store",
              placed_at: "2026-01-05 12:00:00",
              qty_so_far: 2,
            },
          ],
        },
      },
    ]),
  ];
}

/** The shop, registered in jobs/registered.ts; its stacks are `shop-dev` and `shop-prod`. */
export default project({
  name: "shop",
  description: "A shop's web orders (nested JSON), in-store sales and shipments, to revenue by country.",
  options: {},
  pipeline: shopPipeline,
  unitTests: shopUnitTests,
  synthetic: { script: "jobs/shop/synthetic.py" },
});
