import { column, dq, pii, table } from "../../src/dsl";

/** 2020-01-01 and 2030-01-01 UTC in epoch milliseconds: every STEDI timestamp lies between them. */
const EPOCH_MS_2020 = 1_577_836_800_000;
const EPOCH_MS_2030 = 1_893_456_000_000;

/**
 * The STEDI tables. Landing tables declare their columns (the contract with the files that land);
 * trusted and curated tables take their schema from the job that writes them.
 */
export const customer_landing = table("customer_landing", {
  entity: "customer",
  zone: "landing",
  description: "Customer records from the STEDI website, as they land.",
  columns: [
    pii("serialnumber", "string", { jsonKey: "serialNumber", comment: "Step trainer serial number" }),
    column("sharewithpublicasofdate", "bigint", { jsonKey: "shareWithPublicAsOfDate", comment: "Epoch ms" }),
    pii("birthday", "string", { jsonKey: "birthDay" }),
    column("registrationdate", "bigint", { jsonKey: "registrationDate", comment: "Epoch ms" }),
    column("sharewithresearchasofdate", "bigint", {
      jsonKey: "shareWithResearchAsOfDate",
      comment: "Epoch ms; null: no research consent",
    }),
    pii("customername", "string", { jsonKey: "customerName" }),
    pii("email", "string"),
    column("lastupdatedate", "bigint", { jsonKey: "lastUpdateDate", comment: "Epoch ms" }),
    pii("phone", "string"),
    column("sharewithfriendsasofdate", "bigint", { jsonKey: "shareWithFriendsAsOfDate", comment: "Epoch ms" }),
  ],
});

export const accelerometer_landing = table("accelerometer_landing", {
  entity: "accelerometer",
  zone: "landing",
  description: "Accelerometer readings from the mobile app.",
  columns: [
    pii("user", "string", { comment: "The customer's email" }),
    column("timestamp", "bigint", { comment: "Epoch ms" }),
    column("x", "double"),
    column("y", "double"),
    column("z", "double"),
  ],
});

export const step_trainer_landing = table("step_trainer_landing", {
  entity: "step_trainer",
  zone: "landing",
  description: "Step trainer distance readings.",
  columns: [
    column("sensorreadingtime", "bigint", { jsonKey: "sensorReadingTime", comment: "Epoch ms" }),
    pii("serialnumber", "string", { jsonKey: "serialNumber" }),
    column("distancefromobject", "int", { jsonKey: "distanceFromObject", comment: "cm" }),
  ],
});

// Data-quality rules: checked by the job writing each table, before its sink (docs/decisions/data-quality-rules.md).
// `fail` where a broken rule means a broken pipeline (keys, consent dates); `warn` for the ML table.
export const customer_trusted = table("customer_trusted", {
  entity: "customer",
  zone: "trusted",
  description: "Customers who agreed to share their data for research.",
  // A customer who lands again is updated, not duplicated. Parquet cannot merge, so there it is recomputed.
  kept: { merge: ["serialnumber"] },
  quality: dq.rules(
    "fail",
    dq.isComplete("email"),
    dq.isUnique("email"),
    dq.isComplete("serialnumber"),
    dq.isUnique("serialnumber"),
    dq.columnValues("registrationdate", "between", EPOCH_MS_2020, EPOCH_MS_2030),
  ),
});
export const accelerometer_trusted = table("accelerometer_trusted", {
  entity: "accelerometer",
  zone: "trusted",
  description: "Readings of customers who agreed to share their data for research.",
  quality: dq.rules(
    "fail",
    dq.isComplete("user"),
    dq.referentialIntegrity(["user"], "customer_trusted", ["email"], "=", 1),
    dq.columnValues("timestamp", "between", EPOCH_MS_2020, EPOCH_MS_2030),
  ),
});
export const customer_curated = table("customer_curated", {
  entity: "customer",
  zone: "curated",
  description: "Trusted customers who have accelerometer data.",
  // One row per customer: the known trap of an inner join multiplies customers by their readings.
  quality: dq.rules("fail", dq.isUnique("email"), dq.isUnique("serialnumber")),
});
export const step_trainer_trusted = table("step_trainer_trusted", {
  entity: "step_trainer",
  zone: "trusted",
  description: "Step trainer readings of curated customers.",
  quality: dq.rules(
    "fail",
    dq.isComplete("serialnumber"),
    dq.referentialIntegrity(["serialnumber"], "customer_curated", ["serialnumber"], "=", 1),
    dq.columnValues("sensorreadingtime", "between", EPOCH_MS_2020, EPOCH_MS_2030),
  ),
});
export const machine_learning_curated = table("machine_learning_curated", {
  entity: "step_trainer",
  zone: "curated",
  description: "Step trainer readings joined with accelerometer readings at the same time, for model training.",
  quality: dq.rules(
    "warn",
    dq.rowCount(">", 0),
    dq.isComplete("sensorreadingtime"),
    dq.columnValues("sensorreadingtime", "between", EPOCH_MS_2020, EPOCH_MS_2030),
  ),
});
