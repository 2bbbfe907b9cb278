/**
 * The local mailbox: a small HTTP email API for development and tests that writes every email it is
 * given to disk instead of sending it. It speaks what worker/mail/senders.ts's HTTP sender posts
 * (`{ from, to, subject, text, html, headers }` as JSON), so the local Worker only needs
 * `MAIL_HTTP_URL` pointed at it. Each email becomes `<n>-<to>.eml` (open it in any mail client) and
 * `<n>-<to>.html` (open it in a browser) in the mailbox's folder. It is also a webhook receiver for
 * the Worker's alerts (`POST /webhook`): each body is written as it came to `webhooks/<n>-<event>.json`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { z } from "zod";

const mailSchema = z.object({
  from: z.string().min(1).max(320),
  to: z.email({ error: "to is not a valid address" }),
  subject: z.string().max(1_000),
  text: z.string().max(1_000_000),
  html: z.string().max(1_000_000),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(2_000)),
});

export type StoredMail = z.infer<typeof mailSchema>;

export interface Mailbox {
  /** Where the Worker posts emails: http://127.0.0.1:PORT/send. */
  url: string;
  /** Where a site's webhook may point: http://127.0.0.1:PORT/webhook. */
  webhookUrl: string;
  folder: string;
  /** Every email written so far, oldest first, read back from disk. */
  read(): StoredMail[];
  close(): Promise<void>;
}

/** A header value in RFC 2047 encoded-word form when it is not plain ASCII. */
function headerValue(value: string): string {
  const line = value.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line).toString("base64")}?=`;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text)
      .toString("base64")
      .match(/.{1,76}/g)
      ?.join("\r\n") ?? ""
  );
}

/** The email as an RFC 5322 message with plain-text and HTML alternatives. */
function toEml(mail: StoredMail, date: Date): string {
  const boundary = `chorus-${date.getTime().toString(36)}`;
  const headers = {
    From: mail.from,
    To: mail.to,
    Subject: mail.subject,
    Date: date.toUTCString(),
    "MIME-Version": "1.0",
    ...mail.headers,
    "Content-Type": `multipart/alternative; boundary="${boundary}"`,
  };
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  return `${Object.entries(headers)
    .map(([name, value]) => `${name}: ${headerValue(value)}`)
    .join("\r\n")}\r\n\r\n${part("text/plain", mail.text)}${part("text/html", mail.html)}--${boundary}--\r\n`;
}

/** Starts the mailbox on 127.0.0.1:`port` (0 picks a free one), writing into `folder`. */
export async function startMailbox(folder: string, port = 0): Promise<Mailbox> {
  mkdirSync(folder, { recursive: true });
  const alerts = join(folder, "webhooks");
  mkdirSync(alerts, { recursive: true });
  let count = readdirSync(folder).filter((name) => name.endsWith(".json")).length;
  let alertCount = readdirSync(alerts).length;
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "POST" && request.url === "/webhook") {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        alertCount++;
        const event = String(request.headers["chorus-event"] ?? "alert").replace(/[^a-z]/g, "");
        writeFileSync(join(alerts, `${String(alertCount).padStart(4, "0")}-${event}.json`), Buffer.concat(chunks));
        answer(202, { received: true });
      });
      return;
    }
    if (request.method !== "POST" || request.url !== "/send")
      return answer(404, { error: "POST /send or /webhook only" });
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let parsed: ReturnType<typeof mailSchema.safeParse>;
      try {
        parsed = mailSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        return answer(400, { error: { code: "invalid_json", fields: [{ field: "body", message: "is not JSON" }] } });
      }
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
        return answer(400, { error: { code: "invalid_input", fields } });
      }
      count++;
      const name = `${String(count).padStart(4, "0")}-${parsed.data.to.replace(/[^\w.@-]/g, "_")}`;
      writeFileSync(join(folder, `${name}.json`), JSON.stringify(parsed.data, null, 2));
      writeFileSync(join(folder, `${name}.eml`), toEml(parsed.data, new Date()));
      writeFileSync(join(folder, `${name}.html`), parsed.data.html);
      answer(202, { id: name });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}/send`,
    webhookUrl: `http://127.0.0.1:${boundPort}/webhook`,
    folder,
    read: () =>
      readdirSync(folder)
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => JSON.parse(readFileSync(join(folder, name), "utf8")) as StoredMail),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
