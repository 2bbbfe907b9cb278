/** Passwordless email sign-in: the links sent, each good once, and the counters that limit them. */
import { and, eq, gt } from "drizzle-orm";
import type { ComposedMail } from "../mail/compose";
import type { Database } from "./client";
import { countInWindow } from "./comments";
import { emailSignIns, outbox } from "./schema";

/** How long a sign-in link works. */
export const emailSignInMs = 15 * 60 * 1000;
/** Links one address, or one network, may be sent in an hour on a site. */
export const emailSignInsPerHour = 5;

/**
 * Records a sign-in link and queues its email, in one transaction, unless the address or the network
 * asked for more than `emailSignInsPerHour` this hour (false then: nothing is sent).
 */
export async function sendSignInLink(
  db: Database,
  input: {
    siteId: string;
    email: string;
    name: string;
    codeHash: string;
    browserHash: string;
    ipHash: string;
    mail: ComposedMail;
    now: number;
  },
): Promise<boolean> {
  const { siteId, email, now } = input;
  const hour = 60 * 60 * 1000;
  const [perEmail, perNetwork] = await db.batch([
    countInWindow(db, `sign-in:${siteId}:email:${email}:hour`, now, hour),
    countInWindow(db, `sign-in:${siteId}:ip:${input.ipHash}:hour`, now, hour),
  ]);
  if ((perEmail[0]?.count ?? 0) > emailSignInsPerHour || (perNetwork[0]?.count ?? 0) > emailSignInsPerHour) {
    return false;
  }
  await db.batch([
    db.insert(emailSignIns).values({
      codeHash: input.codeHash,
      siteId,
      email,
      name: input.name,
      browserHash: input.browserHash,
      expiresAt: now + emailSignInMs,
    }),
    db.insert(outbox).values({
      siteId,
      kind: "sign_in",
      subjectKey: input.codeHash,
      recipient: email,
      subject: input.mail.subject,
      textBody: input.mail.text,
      htmlBody: input.mail.html,
      headers: input.mail.headers,
      nextAttemptAt: now,
    }),
  ]);
  return true;
}

/** Takes the unexpired sign-in link of the site whose code hashes to `codeHash`, deleting it: a link works once. */
export async function takeSignInLink(db: Database, siteId: string, codeHash: string, now: number) {
  const taken = await db
    .delete(emailSignIns)
    .where(and(eq(emailSignIns.codeHash, codeHash), eq(emailSignIns.siteId, siteId), gt(emailSignIns.expiresAt, now)))
    .returning();
  return taken[0];
}
