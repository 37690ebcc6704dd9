export * from "./types";
export { renderPipeline, type RenderTarget } from "./render";
export { pyStr, pyBlock, pyLiteral, pyIdent, nodeVariable } from "../model/python";
export { describeOptions } from "./options";
