export type { LockoutOptions } from "./lockout.js";
export { type AdminOptions, adminPlugin } from "./plugin.js";
