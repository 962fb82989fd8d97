import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // Test files share their worker's modules: kuromoji's dictionary loads once per worker, not once per
    // file. Safe here: no test mocks modules, stubs the environment or resets the shared tokenizer.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
