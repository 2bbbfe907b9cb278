import type { D1Migration } from "@cloudflare/vitest-plugin";
import type { Settings } from "../../worker/env";

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import("../../worker/index");
    }
    interface Env extends Settings {
      TEST_MIGRATIONS: D1Migration[];
      /** An empty database for migration tests; the setup file leaves it alone. */
      MIGRATION_DB: D1Database;
    }
  }
}
