import { and, eq, or, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import type { CommentStatus, DuplicateKind } from "../../common/vocabulary";
import { replyPlacement } from "../../common/vocabulary";
import { type CandidateComment, MAX_CANDIDATES } from "../duplicates";
import type { ModelSnapshot } from "../spam";
import { type ChangesRead, changedCommentsStatements, changesReadOf } from "./changes";
import type { Database } from "./client";
import { caughtByOf } from "./dashboard";
import { addKeysStatement, candidateQuery } from "./duplicate-index";
import {
  auditLog,
  bans,
  type Comment,
  comments,
  rateLimits,
  type Site,
  type StoredReason,
  sites,
  subscribers,
  type Thread,
  threads,
  trustedAuthors,
  usedFormTokens,
} from "./schema";
import { modelReadQueries, toSnapshot } from "./spam-model";
import { arrivalEvent, queueAlertStatement } from "./webhooks";

/** Limits on new comments, counted exactly in D1 per fixed window. */
export const postingLimits = {
  perIpPerMinute: 5,
  perIpPerHour: 40,
  perEmailPerHour: 20,
} as const;

/** Everything the decision about a comment's text depends on, read (and counted) in one round trip. */
export interface IntakeContext {
  site: Site | undefined;
  thread: Thread | undefined;
  parent: Comment | undefined;
  /**
   * Whether the author proved the email they typed: this reader key asked for the link that
   * confirmed it, or wrote an earlier published comment with it. False without an email.
   */
  emailProven: boolean;
  /** Published comments by the author's email on this site (counted up to 20), when the email is proven; else 0. */
  approvedCommentsByEmail: number;
  /** A moderator trusts the author's email, and the email is proven. */
  authorIsTrusted: boolean;
  /** The bans that match the author's email, email domain or IP hash. */
  bans: { kind: string; value: string }[];
  /** Whether a limit was exceeded by this submission. */
  rateLimited: boolean;
  model: ModelSnapshot;
  candidates: CandidateComment[];
}

/** What a new comment's read adds: its earlier result and whether its form token was free to claim. */
export interface PostingContext extends IntakeContext {
  /** The comment an earlier submission with the same idempotency key created. */
  earlier: Comment | undefined;
  /** False when the form token was already used by another submission. */
  formTokenFresh: boolean;
  /** The token was used by an earlier attempt of this same submission (its idempotency key), maybe still running. */
  formTokenUsedBySameKey: boolean;
}

/** Counts one more event under `key` in a fixed window of `windowMs`, in one statement; returns the new count. */
export function countInWindow(db: Database, key: string, now: number, windowMs: number) {
  const windowStart = now - windowMs;
  return db
    .insert(rateLimits)
    .values({ key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.windowStartedAt} > ${windowStart} THEN ${rateLimits.count} + 1 ELSE 1 END`,
        windowStartedAt: sql`CASE WHEN ${rateLimits.windowStartedAt} > ${windowStart} THEN ${rateLimits.windowStartedAt} ELSE ${now} END`,
      },
    })
    .returning({ count: rateLimits.count });
}

/** Who wrote a comment and what it says, as the read before a decision needs them. */
interface IntakeQuery {
  siteId: string;
  path: string;
  parentId?: number;
  authorEmail?: string;
  /** The hash of the reader's key, which proves an email it used before. */
  readerHash: string | null;
  /** The account the author signed in with: its email (if any) is proven by its provider, and bans and standing follow it. */
  identityId?: number;
  ipHash: string;
  modelKeys: readonly string[];
  duplicateKeys: readonly string[];
  now: number;
}

/**
 * The statements every decision reads, in one batch: the site, the thread and the parent, the
 * author's standing, the matching bans, the rate counters of `action` (posting and editing count
 * apart), the classifier's counts and the duplicate candidates.
 */
function intakeStatements(db: Database, query: IntakeQuery, action: "post" | "edit") {
  const { siteId, now } = query;
  const email = query.authorEmail?.toLowerCase() ?? "";
  const emailDomain = email.split("@")[1] ?? "";
  const minute = 60_000;
  return [
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, query.path))),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.id, query.parentId ?? 0))),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.siteId, siteId),
          or(eq(comments.authorEmail, email), eq(comments.identityId, query.identityId ?? 0)),
          eq(comments.status, "published"),
        ),
      )
      .limit(20),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.siteId, siteId),
          eq(comments.authorEmail, email),
          eq(comments.status, "published"),
          eq(comments.readerHash, query.readerHash ?? ""),
        ),
      )
      .limit(1),
    db
      .select({ email: subscribers.email })
      .from(subscribers)
      .where(
        and(
          eq(subscribers.siteId, siteId),
          eq(subscribers.email, email),
          eq(subscribers.status, "confirmed"),
          eq(subscribers.readerHash, query.readerHash ?? ""),
        ),
      ),
    db
      .select({ email: trustedAuthors.email })
      .from(trustedAuthors)
      .where(and(eq(trustedAuthors.siteId, siteId), eq(trustedAuthors.email, email))),
    db
      .select({ kind: bans.kind, value: bans.value })
      .from(bans)
      .where(
        and(
          eq(bans.siteId, siteId),
          or(
            and(eq(bans.kind, "email"), eq(bans.value, email)),
            and(eq(bans.kind, "email_domain"), eq(bans.value, emailDomain)),
            and(eq(bans.kind, "ip_hash"), eq(bans.value, query.ipHash)),
            and(eq(bans.kind, "identity"), eq(bans.value, String(query.identityId ?? 0))),
          ),
        ),
      ),
    countInWindow(db, `${action}:${siteId}:ip:${query.ipHash}:minute`, now, minute),
    countInWindow(db, `${action}:${siteId}:ip:${query.ipHash}:hour`, now, 60 * minute),
    countInWindow(db, `${action}:${siteId}:email:${email}:hour`, now, 60 * minute),
    ...modelReadQueries(db, siteId, query.modelKeys),
    candidateQuery(db, siteId, query.duplicateKeys, MAX_CANDIDATES),
  ] as const;
}

function toIntakeContext(
  query: IntakeQuery,
  [
    siteRows,
    threadRows,
    parentRows,
    approvedRows,
    approvedBySameReaderRows,
    confirmedRows,
    trustedRows,
    banRows,
    perIpMinute,
    perIpHour,
    perEmailHour,
    modelCounts,
    modelFeatures,
    candidates,
  ]: BatchResponse<ReturnType<typeof intakeStatements>>,
): IntakeContext {
  const email = query.authorEmail?.toLowerCase() ?? "";
  const over = (rows: { count: number }[], limit: number) => (rows[0]?.count ?? 0) > limit;
  const signedIn = query.identityId !== undefined;
  const emailProven = email !== "" && (signedIn || confirmedRows.length > 0 || approvedBySameReaderRows.length > 0);
  return {
    site: siteRows[0],
    thread: threadRows[0],
    parent: parentRows[0],
    emailProven,
    approvedCommentsByEmail: emailProven || signedIn ? approvedRows.length : 0,
    authorIsTrusted: emailProven && trustedRows.length > 0,
    bans: banRows,
    rateLimited:
      over(perIpMinute, postingLimits.perIpPerMinute) ||
      over(perIpHour, postingLimits.perIpPerHour) ||
      (email !== "" && over(perEmailHour, postingLimits.perEmailPerHour)),
    model: toSnapshot(modelCounts, modelFeatures),
    candidates,
  };
}

/**
 * The read before a new comment's decision, in one round trip: `intakeStatements`, plus the comment
 * an earlier attempt with the same idempotency key stored, and the claim of the form token (a token
 * is claimed once; a claim by the same key is that submission's own retry).
 */
export async function claimAndReadForPost(
  db: Database,
  query: IntakeQuery & { idempotencyKey: string; formTokenId: string; formTokenExpiresAt: number },
): Promise<PostingContext> {
  const { siteId, idempotencyKey, formTokenId } = query;
  const [earlierRows, tokenUserRows, tokenRows, ...reads] = await db.batch([
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.idempotencyKey, idempotencyKey))),
    db
      .select({ idempotencyKey: usedFormTokens.idempotencyKey })
      .from(usedFormTokens)
      .where(eq(usedFormTokens.tokenId, formTokenId)),
    db
      .insert(usedFormTokens)
      .values({ tokenId: formTokenId, expiresAt: query.formTokenExpiresAt, idempotencyKey })
      .onConflictDoNothing()
      .returning({ tokenId: usedFormTokens.tokenId }),
    ...intakeStatements(db, query, "post"),
  ]);
  return {
    ...toIntakeContext(query, reads),
    earlier: earlierRows[0],
    formTokenFresh: tokenRows.length > 0,
    formTokenUsedBySameKey: tokenUserRows[0]?.idempotencyKey === idempotencyKey,
  };
}

/** The read before an edit's decision, in one round trip: `intakeStatements`, counted as an edit, claiming nothing. */
export async function readForEdit(db: Database, query: IntakeQuery): Promise<IntakeContext> {
  return toIntakeContext(query, await db.batch(intakeStatements(db, query, "edit")));
}

export interface CommentToInsert {
  siteId: string;
  path: string;
  pageTitle: string | null;
  pageUrl: string | null;
  parent: Comment | undefined;
  authorName: string;
  authorEmail: string | null;
  /** The author proved `authorEmail` (`IntakeContext.emailProven`). */
  authorProven: boolean;
  authorWebsite: string | null;
  body: string;
  bodyHtml: string;
  status: CommentStatus;
  readerHash: string | null;
  idempotencyKey: string;
  ipHash: string;
  spamScore: number;
  reasons: StoredReason[];
  normalizedBody: string;
  /** The duplicate-detection keys that make it findable by later comments (empty for short texts). */
  duplicateKeys: readonly string[];
  duplicate: { duplicateOf: number; kind: DuplicateKind; similarity: number } | null;
  /** SHA-256 of the secret that lets the author edit or delete it for a while. */
  editSecretHash?: string | null;
  /** The author asked for replies by email. */
  notifyReplies?: boolean;
  /** Where the links in the site's webhook alerts about it point (the deployment's public origin). */
  alertOrigin: string;
  /** For a reply sent as a Webmention: the page it was written on. */
  mentionSource?: string | null;
  /** The signed-in identity that wrote it. */
  identityId?: number | null;
}

/** Thrown when another request stored a comment with the same idempotency key first. */
export class IdempotencyConflict extends Error {}

/**
 * Stores a new comment in one transaction: creates the page's thread if this is its first comment,
 * inserts the comment with its verdict, keeps the thread's published count in step and adds the
 * comment to the site's duplicate index, and queues the alerts its verdict brings to the site's
 * webhooks. Returns the thread's stored title too (for emails), and the comment as live readers are
 * sent it (`changes`, read back in the same batch, so announcing it costs no round trip).
 */
export async function insertComment(
  db: Database,
  input: CommentToInsert,
): Promise<{
  comment: Comment;
  commentCount: number;
  pageTitle: string | null;
  alertsQueued: number;
  changes: ChangesRead;
}> {
  const threadId = sql`(SELECT id FROM threads WHERE site_id = ${input.siteId} AND path = ${input.path})`;
  const commentId = sql`(SELECT id FROM comments WHERE site_id = ${input.siteId} AND idempotency_key = ${input.idempotencyKey})`;
  const event = arrivalEvent(input.status, input.duplicate !== null);
  const alerts = event
    ? [
        queueAlertStatement(db, {
          siteId: input.siteId,
          event,
          comment: commentId,
          origin: input.alertOrigin,
          now: Date.now(),
        }),
      ]
    : [];
  try {
    const [, inserted, counted, , siteRows, threadRows, changedRows, queued] = await db.batch([
      db
        .insert(threads)
        .values({ siteId: input.siteId, path: input.path, title: input.pageTitle, url: input.pageUrl })
        .onConflictDoNothing(),
      db
        .insert(comments)
        .values({
          siteId: input.siteId,
          threadId,
          ...(input.parent ? replyPlacement(input.parent) : { parentId: null, rootId: null, depth: 0 }),
          authorName: input.authorName,
          authorEmail: input.authorEmail,
          authorProven: input.authorProven,
          authorWebsite: input.authorWebsite,
          body: input.body,
          bodyHtml: input.bodyHtml,
          status: input.status,
          autoStatus: input.status,
          caughtBy: input.status === "published" ? null : caughtByOf(input.reasons),
          readerHash: input.readerHash,
          idempotencyKey: input.idempotencyKey,
          ipHash: input.ipHash,
          spamScore: input.spamScore,
          reasons: input.reasons,
          normalizedBody: input.normalizedBody,
          duplicateOf: input.duplicate?.duplicateOf ?? null,
          duplicateKind: input.duplicate?.kind ?? null,
          duplicateSimilarity: input.duplicate?.similarity ?? null,
          editSecretHash: input.editSecretHash ?? null,
          notifyReplies: input.notifyReplies ?? false,
          mentionSource: input.mentionSource ?? null,
          identityId: input.identityId ?? null,
        })
        .returning(),
      db
        .update(threads)
        .set({ commentCount: sql`${threads.commentCount} + ${input.status === "published" ? 1 : 0}` })
        .where(and(eq(threads.siteId, input.siteId), eq(threads.path, input.path)))
        .returning({ commentCount: threads.commentCount, title: threads.title }),
      addKeysStatement(db, input.siteId, commentId, input.duplicateKeys),
      ...changedCommentsStatements(db, input.siteId, eq(comments.id, commentId)),
      ...alerts,
    ]);
    const comment = inserted[0];
    if (!comment) throw new Error("the comment insert returned no row");
    return {
      comment,
      commentCount: counted[0]?.commentCount ?? 0,
      pageTitle: counted[0]?.title ?? null,
      alertsQueued: queued?.length ?? 0,
      changes: changesReadOf([siteRows, threadRows, changedRows]),
    };
  } catch (error) {
    if (String((error as Error)?.message).includes("comments.idempotency_key")) throw new IdempotencyConflict();
    throw error;
  }
}

/** The comment stored under an idempotency key, and its thread's published count. */
export async function readByIdempotencyKey(
  db: Database,
  siteId: string,
  idempotencyKey: string,
): Promise<{ comment: Comment; commentCount: number } | undefined> {
  const rows = await db
    .select({ comment: comments, commentCount: threads.commentCount })
    .from(comments)
    .innerJoin(threads, eq(threads.id, comments.threadId))
    .where(and(eq(comments.siteId, siteId), eq(comments.idempotencyKey, idempotencyKey)));
  return rows[0];
}

/** Pauses between looks for a retry's first attempt: 1.5 s in all. */
const firstAttemptPausesMs = [100, 200, 400, 800];

/**
 * A retry sent while its first attempt is still being decided finds the form token used by that
 * attempt and no comment yet: it waits for the comment, so it answers as the first attempt does.
 * Undefined when none appears (the first attempt was refused, or is slower than the wait).
 */
export async function awaitFirstAttempt(
  db: Database,
  siteId: string,
  idempotencyKey: string,
): Promise<{ comment: Comment; commentCount: number } | undefined> {
  for (const pauseMs of firstAttemptPausesMs) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const stored = await readByIdempotencyKey(db, siteId, idempotencyKey);
    if (stored) return stored;
  }
  return undefined;
}

export async function readComment(db: Database, siteId: string, id: number): Promise<Comment | undefined> {
  return db.query.comments.findFirst({ where: and(eq(comments.siteId, siteId), eq(comments.id, id)) });
}

/**
 * A moderator's reply as staff: published at once, shown with their name and the site's staff
 * label. One transaction: the reply, the thread's count and the audit entry. Undefined when the
 * parent is not a comment of the site.
 */
export async function insertStaffReply(
  db: Database,
  input: { siteId: string; parentId: number; moderatorId: number; authorName: string; body: string; bodyHtml: string },
): Promise<{ comment: Comment; page: string; pageTitle: string | null } | undefined> {
  const parentRows = await db
    .select({ parent: comments, page: threads.path, pageTitle: threads.title })
    .from(comments)
    .innerJoin(threads, eq(threads.id, comments.threadId))
    .where(and(eq(comments.siteId, input.siteId), eq(comments.id, input.parentId)));
  const found = parentRows[0];
  if (!found) return undefined;
  const { parent } = found;
  const [inserted] = await db.batch([
    db
      .insert(comments)
      .values({
        siteId: input.siteId,
        threadId: parent.threadId,
        ...replyPlacement(parent),
        authorName: input.authorName,
        body: input.body,
        bodyHtml: input.bodyHtml,
        status: "published",
        idempotencyKey: `staff-${crypto.randomUUID()}`,
        staffModeratorId: input.moderatorId,
      })
      .returning(),
    db
      .update(threads)
      .set({ commentCount: sql`${threads.commentCount} + 1` })
      .where(eq(threads.id, parent.threadId)),
    db.insert(auditLog).values({
      siteId: input.siteId,
      moderatorId: input.moderatorId,
      action: "staff_reply",
      commentIds: [parent.id],
      detail: { parentId: parent.id },
    }),
  ]);
  const comment = inserted[0];
  return comment ? { comment, page: found.page, pageTitle: found.pageTitle } : undefined;
}
