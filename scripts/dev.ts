/**
 * `npm start`'s last step: the local mailbox (scripts/lib/mailbox.ts, writing emails to `.mail/` and
 * the demo site's webhook alerts to `.mail/webhooks/`) and `wrangler dev`, with the Worker's email
 * pointed at the mailbox. Once the Worker answers, runs its outbox cron once, so the alerts the seed
 * queued arrive. Stops both on Ctrl-C.
 */
import { spawn } from "node:child_process";
import { startMailbox } from "./lib/mailbox";

const mailbox = await startMailbox(".mail", 8025);
console.log(
  `emails go to ${mailbox.folder}/ (reply notifications, confirmations, digests), alerts to ${mailbox.folder}/webhooks/`,
);
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
    "--test-scheduled",
  ],
  { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);
/** Waits for the Worker, then runs its ten-minute cron (the outbox's) once. */
async function deliverSeededAlerts() {
  for (let attempt = 0; attempt < 120; attempt++) {
    const health = await fetch("http://localhost:8787/api/health").catch(() => null);
    if (health?.ok) {
      await fetch(`http://localhost:8787/__scheduled?${new URLSearchParams({ cron: "*/10 * * * *" })}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
void deliverSeededAlerts();
const stop = () => wrangler.kill("SIGINT");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
wrangler.on("exit", async (code) => {
  await mailbox.close();
  process.exit(code ?? 0);
});
