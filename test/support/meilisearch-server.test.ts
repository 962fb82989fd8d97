import { describe, expect, it, vi } from "vitest";
import { checkMeilisearchAvailable } from "./meilisearch-server.js";

describe("a missing Meilisearch binary", () => {
  it("fails the run under CI=true instead of skipping in silence", () => {
    expect(() => checkMeilisearchAvailable(null, { CI: "true" })).toThrow(
      /CI=true: the Meilisearch suites must run/,
    );
    expect(() => checkMeilisearchAvailable(null, { CI: "1" })).toThrow();
  });

  it("only warns outside CI, and says nothing when the binary is there", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() => checkMeilisearchAvailable(null, {})).not.toThrow();
    expect(() => checkMeilisearchAvailable(null, { CI: "false" })).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(() => checkMeilisearchAvailable("/bin/meilisearch", { CI: "true" })).not.toThrow();
    warn.mockRestore();
  });
});
