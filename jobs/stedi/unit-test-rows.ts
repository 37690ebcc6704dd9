/** Row builders shared by the jobs' unit tests: only what a test varies is spelled out. */
import type { Row } from "../../src/dsl";

/**
 * Epoch milliseconds in the tests are offsets from T0 (2020-09-13): the tables' data-quality rules
 * (timestamps between 2020 and 2030) run in the unit tests too, through the real scripts.
 */
export const T0 = 1_600_000_000_000;
export const at = (offset: number): number => T0 + offset;

/** A customer_landing / customer_trusted row; `consent` is sharewithresearchasofdate (null: none). */
export const customer = (email: string, serialnumber: string, consent: number | null): Row => ({
  customername: email.split("@")[0]!,
  email,
  phone: "8015551212",
  birthday: "1990-01-01",
  serialnumber,
  registrationdate: at(1000),
  lastupdatedate: at(1000),
  sharewithresearchasofdate: consent === null ? null : at(consent),
  sharewithpublicasofdate: null,
  sharewithfriendsasofdate: null,
});

/** An accelerometer reading. */
export const reading = (user: string | null, timestamp: number, x = 1.0): Row => ({
  user,
  timestamp: at(timestamp),
  x,
  y: 0.0,
  z: -1.0,
});

/** A step trainer reading. */
export const step = (serialnumber: string, sensorreadingtime: number, distancefromobject = 200): Row => ({
  sensorreadingtime: at(sensorreadingtime),
  serialnumber,
  distancefromobject,
});
