export * from "./case-metrics";
export * from "./percentile";
export * from "./public-record";
export * from "./summary";
export * from "./types";
export * from "./vultron";
