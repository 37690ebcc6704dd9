/**
 * The Handlebars environment for scripts. `noEscape` because HTML escaping is wrong for Python;
 * `strict` so a missing variable is an error instead of an empty string in the script.
 */
import Handlebars from "handlebars";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pyBlock, pyComment, pyIdent, pyStr, pyStrList } from "../model/python";
import { scriptArgument } from "./types";

export const TEMPLATE_DIR = join(__dirname, "..", "..", "templates");

export type CompiledTemplate = (context: object) => string;

/** Loads `templates/` once: the job skeleton, one partial per node kind, one per script helper. */
export function loadTemplates(dir = TEMPLATE_DIR): { job: CompiledTemplate; ddl: CompiledTemplate } {
  const hb = Handlebars.create();
  hb.registerHelper("py", (value: unknown) => pyStr(String(value)));
  hb.registerHelper("pyBlock", (value: unknown) => pyBlock(String(value)));
  hb.registerHelper("pyList", (values: unknown) => pyStrList(values as string[]));
  hb.registerHelper("ident", (value: unknown) => pyIdent(String(value)));
  hb.registerHelper("comment", (value: unknown) => pyComment(String(value)));
  hb.registerHelper("sql", (value: unknown) => hiveStr(String(value)));
  hb.registerHelper("arg", (name: unknown) => scriptArgument(String(name)));
  for (const sub of ["nodes", "helpers"]) {
    for (const file of readdirSync(join(dir, sub)).sort()) {
      if (!file.endsWith(".hbs")) continue;
      hb.registerPartial(`${sub}/${file.replace(/\.(py|sql)\.hbs$/, "")}`, readFileSync(join(dir, sub, file), "utf8"));
    }
  }
  const compile = (file: string) =>
    hb.compile(readFileSync(join(dir, file), "utf8"), { noEscape: true, strict: true }) as CompiledTemplate;
  return { job: compile("job.py.hbs"), ddl: compile("landing_table.sql.hbs") };
}

/** A Hive/Athena single-quoted string literal: Hive reads backslash escapes inside quotes. */
export function hiveStr(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}
