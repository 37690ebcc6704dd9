// `npx mocha tests/x.spec.ts` runs that file alone; plain `mocha` (as `npm test` calls it) runs every spec.
"use strict";
const named = process.argv.slice(2).some((arg) => /\.spec\.ts$/.test(arg));
module.exports = {
  // tests/spark-budget.ts: every run counts the Spark JVMs each spec starts against tests/spark-budget.json.
  require: ["tsx/cjs", "./tests/spark-budget.ts"],
  extension: ["ts"],
  ...(named ? {} : { spec: ["tests/**/*.spec.ts"] }),
  timeout: 600000,
  reporter: "spec",
};
