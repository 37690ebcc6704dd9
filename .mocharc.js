// `npx mocha tests/x.spec.ts` runs that file alone; plain `mocha` (as `npm test` calls it) runs every spec.
"use strict";
const named = process.argv.slice(2).some((arg) => /\.spec\.ts$/.test(arg));
module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  ...(named ? {} : { spec: ["tests/**/*.spec.ts"] }),
  timeout: 600000,
  reporter: "spec",
};
