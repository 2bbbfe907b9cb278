/**
 * A site kept in memory for the evaluations, benchmarks and tests: its classifier model and its
 * duplicate index, judged by the Worker's own decision. `decide` does what `POST …/comments` does
 * after its one read batch (`prepareComment`, read the model for the comment's keys and the
 * duplicate candidates, `decideIntake`) and then indexes the stored comment as its insert would;
 * only the storage differs.
 */
import { comparableForm, MAX_CANDIDATES } from "../../worker/duplicates/index.ts";
import type { CommentId, ThreadId } from "../../worker/duplicates/match.ts";
import { decideIntake, type IntakeDecision, type IntakePolicy, prepareComment } from "../../worker/intake/decide.ts";
import { type CommentContent, defaultSpamSettings, MemoryClassifierState } from "../../worker/spam/index.ts";
import { MemoryDuplicateIndex } from "./memory-index.ts";

/** Where and when a comment is posted, and the id it gets when stored. */
export interface Posting {
  id: CommentId;
  thread: ThreadId;
  createdAt: number;
}

const SITE = "memory";

export class MemorySite {
  readonly model = new MemoryClassifierState();
  readonly index = new MemoryDuplicateIndex();

  constructor(readonly policy: IntakePolicy = { spam: defaultSpamSettings, banAction: "spam", prior: null }) {}

  /** Decides about a new comment; a stored one joins the duplicate index unless `keep` is false. */
  async decide(comment: CommentContent, posting: Posting, keep = true): Promise<IntakeDecision> {
    const prepared = prepareComment(comment);
    const decision = decideIntake(
      this.policy,
      {
        approvedCommentsByEmail: 0,
        authorIsTrusted: false,
        bans: [],
        model: await this.model.read(prepared.modelKeys),
        candidates: await this.index.candidates(SITE, prepared.fingerprint.keys, MAX_CANDIDATES),
      },
      {
        ...comment,
        authorEmail: comment.authorEmail ?? null,
        authorWebsite: comment.authorWebsite ?? null,
        ipHash: "",
        threadId: posting.thread,
        createdAt: posting.createdAt,
        prepared,
        honeypotFilled: false,
      },
    );
    if (keep && decision.kind === "store") await this.remember(comment, posting, prepared);
    return decision;
  }

  /** Adds a stored comment to the duplicate index, as storing it does in the Worker. */
  async remember(comment: CommentContent, posting: Posting, form = comparableForm(comment.body)): Promise<void> {
    await this.index.add(SITE, {
      ...posting,
      author: comment.authorEmail ?? comment.authorName,
      normalized: form.normalized,
      keys: form.fingerprint.keys,
    });
  }
}
