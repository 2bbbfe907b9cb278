/**
 * The account providers a site lets its readers sign in with, and the sign-ins under way: a flow is
 * written when a reader's popup starts one and taken (deleted, once) when the provider answers.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { SignInProviderKind } from "../../common/vocabulary";
import { auditStatement } from "./bans-and-trust";
import { batchRows, type Database } from "./client";
import { countInWindow } from "./comments";
import { type SignInProvider, signInFlows, signInProviders, sites, threads } from "./schema";

/** A provider as the site's owners see it: everything but the client secret, which is never shown again. */
export type SignInProviderView = Omit<SignInProvider, "clientSecret" | "siteId">;

/** A provider as a reader's form offers it. */
export type SignInChoice = Pick<SignInProvider, "kind" | "label">;

function view({ clientSecret: _secret, siteId: _siteId, ...rest }: SignInProvider): SignInProviderView {
  return rest;
}

export async function listSignInProviders(db: Database, siteId: string): Promise<SignInProviderView[]> {
  const rows = await db
    .select()
    .from(signInProviders)
    .where(eq(signInProviders.siteId, siteId))
    .orderBy(signInProviders.id);
  return rows.map(view);
}

/**
 * What a page's comment form offers for signing in, in one round trip: the providers the site's
 * readers can pick (in the order they were added), whether the site also emails sign-in links, and
 * whether the site or the page's thread takes signed-in readers only.
 */
export async function signInOffer(
  db: Database,
  siteId: string,
  path: string,
): Promise<{ choices: SignInChoice[]; required: boolean; email: boolean }> {
  const [choices, site, thread] = await db.batch([
    db
      .select({ kind: signInProviders.kind, label: signInProviders.label })
      .from(signInProviders)
      .where(eq(signInProviders.siteId, siteId))
      .orderBy(signInProviders.id),
    db
      .select({ requireSignIn: sites.requireSignIn, emailSignIn: sites.emailSignIn })
      .from(sites)
      .where(eq(sites.id, siteId)),
    db
      .select({ requireSignIn: threads.requireSignIn })
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
  ]);
  return {
    choices,
    required: site[0]?.requireSignIn === true || thread[0]?.requireSignIn === true,
    email: site[0]?.emailSignIn === true,
  };
}

export async function findSignInProvider(
  db: Database,
  siteId: string,
  kind: SignInProviderKind,
): Promise<SignInProvider | undefined> {
  const rows = await db
    .select()
    .from(signInProviders)
    .where(and(eq(signInProviders.siteId, siteId), eq(signInProviders.kind, kind)));
  return rows[0];
}

/**
 * Sets the site's provider of `kind` (a new client replaces the old one; sign-ins under way with the
 * old one are dropped), audited with its kind and client id, never its secret.
 */
export async function saveSignInProvider(
  db: Database,
  input: Omit<typeof signInProviders.$inferInsert, "id" | "createdAt"> & { moderatorId: number },
): Promise<SignInProviderView> {
  const { moderatorId, ...values } = input;
  const detail = { kind: values.kind, clientId: values.clientId, issuer: values.issuer ?? null };
  const [saved] = await db.batch([
    db
      .insert(signInProviders)
      .values(values)
      .onConflictDoUpdate({
        target: [signInProviders.siteId, signInProviders.kind],
        set: {
          label: values.label,
          clientId: values.clientId,
          clientSecret: values.clientSecret,
          issuer: values.issuer ?? null,
        },
      })
      .returning(),
    db
      .delete(signInFlows)
      .where(
        and(
          eq(signInFlows.siteId, values.siteId),
          sql`${signInFlows.providerId} IN (SELECT id FROM sign_in_providers WHERE site_id = ${values.siteId} AND kind = ${values.kind})`,
        ),
      ),
    auditStatement(db, values.siteId, moderatorId, "sign_in_provider_save", detail),
  ]);
  const row = saved[0];
  if (!row) throw new Error("the provider upsert returned no row");
  return view(row);
}

/** Stops readers signing in with the site's provider of `kind` (its sign-ins under way go too), audited. */
export async function deleteSignInProvider(
  db: Database,
  siteId: string,
  kind: SignInProviderKind,
  moderatorId: number,
): Promise<boolean> {
  const [deleted = []] = await batchRows(db, [
    sql`DELETE FROM sign_in_providers WHERE site_id = ${siteId} AND kind = ${kind} RETURNING id`,
    sql`INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail)
      SELECT ${siteId}, ${moderatorId}, 'sign_in_provider_delete', '[]', json_object('kind', ${kind}) WHERE changes() > 0`,
  ]);
  return deleted.length > 0;
}

/** How long a reader has to finish signing in at the provider. */
export const signInFlowMs = 10 * 60 * 1000;

/** Sign-ins one network may start on a site in an hour (each writes a flow, and Mastodon's may register an app). */
export const signInStartsPerHour = 60;

/** Counts a sign-in started from the network `ipHash`; false past `signInStartsPerHour` this hour. */
export async function mayStartSignIn(db: Database, siteId: string, ipHash: string, now: number): Promise<boolean> {
  const [counted] = await countInWindow(db, `sign-in-start:${siteId}:ip:${ipHash}:hour`, now, 60 * 60 * 1000);
  return (counted?.count ?? 0) <= signInStartsPerHour;
}

export function startFlow(db: Database, flow: typeof signInFlows.$inferInsert) {
  return db.insert(signInFlows).values(flow);
}

/**
 * Takes the unexpired sign-in flow whose state hashes to `stateHash`, deleting it in the same
 * statement, so a state (and the provider's code with it) is good once; with its provider.
 */
export async function takeFlow(db: Database, stateHash: string, now: number) {
  const taken = await db
    .delete(signInFlows)
    .where(and(eq(signInFlows.stateHash, stateHash), gt(signInFlows.expiresAt, now)))
    .returning();
  const flow = taken[0];
  if (!flow) return undefined;
  const providers = await db.select().from(signInProviders).where(eq(signInProviders.id, flow.providerId));
  return providers[0] ? { flow, provider: providers[0] } : undefined;
}
