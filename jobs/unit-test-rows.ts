/** Row builders shared by the jobs' unit tests: only what a test varies is spelled out. */
import type { Row } from "../src/dsl";

/** A customer_landing / customer_trusted row; `consent` is sharewithresearchasofdate (null: none). */
export const customer = (email: string, serialnumber: string, consent: number | null): Row => ({
  customername: email.split("@")[0]!,
  email,
  phone: "8015551212",
  birthday: "1990-01-01",
  serialnumber,
  registrationdate: 1000,
  lastupdatedate: 1000,
  sharewithresearchasofdate: consent,
  sharewithpublicasofdate: null,
  sharewithfriendsasofdate: null,
});

/** An accelerometer reading. */
export const reading = (user: string | null, timestamp: number, x = 1.0): Row => ({ user, timestamp, x, y: 0.0, z: -1.0 });

/** A step trainer reading. */
export const step = (serialnumber: string, sensorreadingtime: number, distancefromobject = 200): Row => ({ sensorreadingtime, serialnumber, distancefromobject });
