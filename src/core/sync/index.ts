export * from "./approximate-time-sync.ts";
export * from "./stamp-nanos.ts";
export * from "./sync-stats.ts";
