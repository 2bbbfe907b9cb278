/**
 * Makes sure `.dev.vars` (wrangler's local secrets, never committed) holds every secret the Worker
 * needs, adding random values for any that are missing, so `npm start` works on a fresh clone. A
 * deployment sets the same names with `wrangler secret put`.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { randomToken } from "../worker/lib/crypto";

const file = ".dev.vars";
const secrets = ["IP_HASH_SALT", "FORM_TOKEN_SECRET"];
const present = existsSync(file) ? readFileSync(file, "utf8") : "";
const missing = secrets.filter((name) => !new RegExp(`^${name}=`, "m").test(present));
if (missing.length > 0) {
  appendFileSync(file, missing.map((name) => `${name}=${randomToken()}\n`).join(""));
  console.log(`added ${missing.join(", ")} to ${file}`);
}
