/**
 * `npm start`'s last step: the local mailbox (scripts/lib/mailbox.ts, writing emails to `.mail/`)
 * and `wrangler dev`, with the Worker's email pointed at the mailbox. Stops both on Ctrl-C.
 */
import { spawn } from "node:child_process";
import { startMailbox } from "./lib/mailbox";

const mailbox = await startMailbox(".mail", 8025);
console.log(`emails go to ${mailbox.folder}/ (reply notifications, confirmations, digests)`);
const wrangler = spawn(
  "wrangler",
  [
    "dev",
    "--var",
    "MAIL_FROM:Chorus <comments@localhost>",
    "--var",
    `MAIL_HTTP_URL:${mailbox.url}`,
    "--var",
    "PUBLIC_ORIGIN:http://localhost:8787",
  ],
  { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);
const stop = () => wrangler.kill("SIGINT");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
wrangler.on("exit", async (code) => {
  await mailbox.close();
  process.exit(code ?? 0);
});
