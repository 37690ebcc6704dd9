// ESLint for the TypeScript: the recommended rules of ESLint and typescript-eslint. Formatting
// (line length 120) is Prettier's job (.prettierrc.json). Run with `npm run lint`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["node_modules/", "policy/node_modules/", ".venv/", ".lakehouse/", "generated/", "bench/out/", "**/*.js"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Prettier wraps code at 120 but not comments: this keeps those within 120 too. Strings, template literals,
      // regular expressions and URLs stay whole so a message can be found by searching for it (ruff's E501 splits
      // Python strings; a message there is split only between sentences or clauses).
      "max-len": [
        "error",
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
);
