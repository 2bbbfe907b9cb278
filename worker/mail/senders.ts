/**
 * Where emails go. A sender takes one message and resolves once it is accepted, or throws; the
 * outbox (worker/db/outbox.ts) retries what throws. Which sender a deployment uses is chosen from its
 * bindings and variables by `mailSenderFor`:
 *   - Cloudflare's email binding (`"send_email": [{ "name": "EMAIL" }]` in wrangler.jsonc), or
 *   - an HTTP email API that takes `{ from, to, subject, text, html, headers }` as JSON with a bearer
 *     key (`MAIL_HTTP_URL`, secret `MAIL_HTTP_KEY`), which is what `npm start`'s local mailbox
 *     (scripts/mailbox.ts, writing each email to disk) speaks too.
 * Neither configured (or no `MAIL_FROM`): no emails, and the comment form offers none.
 */
import type { Env } from "../env";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** The part of Cloudflare's `send_email` binding that Chorus uses. */
export interface EmailBinding {
  send(message: OutgoingMail): Promise<unknown>;
}

/** Sends through an HTTP email API; any answer but 2xx is a failure to retry. */
export function httpMailSender(url: string, key: string | undefined, fetcher: typeof fetch = fetch): MailSender {
  return {
    async send(mail) {
      const response = await fetcher(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(mail),
      });
      if (!response.ok) throw new Error(`the email API answered ${response.status}`);
    },
  };
}

/** Sends through Cloudflare's email binding. */
export function cloudflareMailSender(binding: EmailBinding): MailSender {
  return {
    async send(mail) {
      await binding.send(mail);
    },
  };
}

/** The deployment's sender and its From address, or null when it sends no email. */
export function mailSenderFor(
  env: Pick<Env, "MAIL_FROM" | "EMAIL" | "MAIL_HTTP_URL" | "MAIL_HTTP_KEY">,
): { sender: MailSender; from: string } | null {
  if (!env.MAIL_FROM) return null;
  if (env.EMAIL) return { sender: cloudflareMailSender(env.EMAIL), from: env.MAIL_FROM };
  if (env.MAIL_HTTP_URL) return { sender: httpMailSender(env.MAIL_HTTP_URL, env.MAIL_HTTP_KEY), from: env.MAIL_FROM };
  return null;
}
