// Where an edition came from: its source file, digest and figures.
import { createHash } from "node:crypto";
import { type Plan, planStatistics } from "../plan/index.js";
import type { EditionInfo } from "./types.js";

export function sha256Of(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function editionInfoOf(
  plan: Plan,
  source: { name: string; bytes: Uint8Array },
  indexedAt = new Date(),
): EditionInfo {
  const stats = planStatistics(plan);
  return {
    source: source.name,
    sha256: sha256Of(source.bytes),
    indexedAt: indexedAt.toISOString(),
    edition: plan.edition,
    projects: stats.projects,
    actions: stats.actions,
  };
}
