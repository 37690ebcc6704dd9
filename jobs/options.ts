import type { Privacy } from "../src/config/stack-config";

export interface StediOptions {
  /**
   * `standard` follows the seed project. `strict` keeps only readings taken at or after a customer's
   * research consent and removes PII from the machine-learning table.
   */
  readonly privacy: Privacy;
}
