export { type CweAbstraction, type CweEntry, type CweStatus, findCwe, searchCwe } from "./cwe/index";
export * from "./exports/index";
export { markdownToText, renderMarkdown } from "./markdown";
export * from "./model";
export * from "./validate/index";
