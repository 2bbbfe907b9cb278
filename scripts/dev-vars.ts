/**
 * Makes `.dev.vars` (wrangler's local secrets, never committed) with random values on first run, so
 * `npm start` works on a fresh clone. A deployment sets the same names with `wrangler secret put`.
 */
import { existsSync, writeFileSync } from "node:fs";
import { randomToken } from "../worker/crypto";

const file = ".dev.vars";
if (!existsSync(file)) {
  writeFileSync(file, `IP_HASH_SALT=${randomToken()}\n`);
  console.log(`wrote ${file} with fresh local secrets`);
}
