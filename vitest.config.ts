import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one test file at a time in all: two let the Worker's
    // files run beside the browser project's, which runs its own files one at a time.
    maxWorkers: 2,
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              d1Databases: { DB: "chorus", MIGRATION_DB: "migration-test" },
              bindings: {
                TEST_MIGRATIONS: migrations,
                IP_HASH_SALT: "test-salt",
                FORM_TOKEN_SECRET: "test-form-secret",
              },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts", "test/importers/**/*.test.ts"],
          setupFiles: ["./test/worker/apply-migrations.ts"],
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: [
            "test/widget/**/*.test.ts",
            "test/admin/**/*.test.ts",
            "test/e2e/**/*.test.ts",
            "test/scripts/**/*.test.ts",
          ],
          // End-to-end tests start wrangler and run CLIs as child processes: on a busy 2-core machine
          // one can take over a minute, so the limits only catch a test that hangs.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A poll waits past a second only when the machine is busy (the Worker's tests run beside these).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
