export * from "./auto-reply";
export * from "./classify-incoming";
export * from "./intake-limits";
export type { TIncomingMail, TIntakePolicy } from "./mail-headers";
export * from "./reply-address";
export * from "./unheld-keys";
