import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

export default defineConfig({
  test: {
    // Two files at a time (Vitest's default on a 2-core machine is one): the Worker's files first, then
    // the browser project's. Run side by side, the two projects slowed each other by more than the
    // Worker's files take alone.
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
          sequence: { groupOrder: 0 },
          include: ["test/worker/**/*.test.ts", "test/importers/**/*.test.ts"],
          setupFiles: ["./test/worker/apply-migrations.ts"],
          // The files each of the two test workers runs share its runtime and its D1 (a third of the
          // time): so each file uses site ids of its own, and no test relies on the database holding
          // only what it wrote. Files running side by side in the two workers see separate databases.
          isolate: false,
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
          sequence: { groupOrder: 1 },
          globalSetup: ["./test/support/chromium-setup.ts"],
          // Most of a browser or end-to-end test is waiting (on Chromium, workerd, a CLI), so two
          // files run at a time. Each starts its own Chromium and Worker on a free port, with its own
          // state directory, and leaves nothing behind that another could see.
          isolate: false,
          // A poll waits past a second only when the machine is busy.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
