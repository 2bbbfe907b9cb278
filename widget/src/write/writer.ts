import type { ReactionKind } from "../../../common/vocabulary";
import type {
  EditedComment,
  FormBody,
  MoreReplies,
  NewComment,
  PageReactions,
  PostedComment,
  PreviewBody,
  PublicComment,
  ReactionResult,
  ThreadSort,
} from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import type { Editor } from "../chorus-comment";
import type { ReportRequest } from "./chorus-actions";
import type { CommentDraft, Poster } from "./chorus-form";
import { LiveThread } from "./live";
import { forgetOwn, ownComment, rememberOwn, rememberPosted, rememberWrote } from "./own";
import { currentPageUrl, RequestError, t } from "./shared";
import { followSignIn, forgetSession, sessionHeaders, signedIn } from "./sign-in";
import { followTarget } from "./target";
import { addReplies, changeComment, contains, withReply } from "./tree";

/**
 * A thread as its writing half sees it: where it posts, the state a post, an edit, a deletion or a
 * live change changes, and where it is on the page.
 */
export interface WritableThread extends Element {
  readonly client: ChorusApi | null;
  readonly pagePath: string;
  readonly sort: ThreadSort;
  readonly nextCursor: string | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly isConnected: boolean;
  readonly updateComplete: Promise<boolean>;
  comments: PublicComment[];
  commentCount: number;
  closed: boolean;
  announcement: string;
  pageReactions: PageReactions;
  myPageReaction: ReactionKind | null;
  /** Where the thread's changes stand, as the server counts them (ThreadPage.thread.revision). */
  revision: number;
  /** Reads the thread again from its first page (or the page after `cursor`). */
  load(cursor?: string | null): Promise<void>;
}

function clientOf(thread: WritableThread): ChorusApi {
  if (!thread.client) throw new Error("Chorus is not configured: set the site and api attributes");
  return thread.client;
}

/**
 * POSTs `body` as JSON to `path` of the thread's site; a reader's writes carry their per-browser key,
 * and their session when they signed in. A session the server no longer knows is forgotten here.
 */
async function post<T>(thread: WritableThread, path: string, body: unknown, asReader = true): Promise<T> {
  const client = clientOf(thread);
  const init = { method: "POST", body: JSON.stringify(body), headers: sessionHeaders(client.site) };
  try {
    return await client.request<T>(path, init, asReader);
  } catch (error) {
    if (error instanceof RequestError && error.code === "session_ended") forgetSession(client.site);
    throw error;
  }
}

/** How a thread's forms get their tokens, previews and drafts, and post: for its page, adding what is stored to it. */
function posterFor(thread: WritableThread, live: LiveThread): Poster {
  return {
    draftKey: `${thread.client?.site}:${thread.pagePath}`,
    reader: () => (thread.client ? (signedIn(thread.client.site)?.reader ?? null) : null),
    signIn: thread.client ? { client: thread.client, reload: () => thread.load() } : undefined,
    prepare: () => clientOf(thread).request<FormBody>(`form?${new URLSearchParams({ page: thread.pagePath })}`),
    preview: async (body) => (await post<PreviewBody>(thread, "preview", { body }, false)).bodyHtml,
    submit: async (draft: CommentDraft) => {
      const client = clientOf(thread);
      const comment: NewComment = {
        ...draft,
        page: thread.pagePath,
        pageTitle: document.title,
        pageUrl: currentPageUrl(),
      };
      const posted = await post<PostedComment>(thread, "comments", comment);
      rememberPosted(client.site, posted, draft.body);
      rememberWrote(client.site, thread.pagePath);
      live.rejoin();
      const stored = posted.comment;
      if (!contains(thread.comments, stored.id)) {
        if (stored.parentId === null) {
          thread.comments = thread.sort === "newest" ? [stored, ...thread.comments] : [...thread.comments, stored];
        } else {
          changeComment(thread, stored.parentId, (parent) => withReply(parent, stored));
        }
      }
      thread.commentCount = posted.commentCount;
      thread.announcement =
        stored.status === "pending"
          ? t("Your comment was received and is awaiting moderation.")
          : t("Your comment was posted.");
      return posted;
    },
  };
}

/** How a thread's comments edit and delete the reader's own comments, proven by the secrets this browser kept. */
function editorFor(thread: WritableThread): Editor {
  return {
    editable: (id) => (thread.client && ownComment(thread.client.site, id)?.body) ?? null,
    edit: async (id, body) => {
      const client = clientOf(thread);
      const own = ownComment(client.site, id);
      if (!own) return;
      const edited = await post<EditedComment>(thread, `comments/${id}/edit`, { secret: own.secret, body });
      rememberOwn(client.site, id, { ...own, body });
      changeComment(thread, id, (comment) => ({
        ...comment,
        ...edited.comment,
        replies: comment.replies,
        reactions: comment.reactions,
        myReaction: comment.myReaction,
      }));
      thread.commentCount = edited.commentCount;
      thread.announcement = t("Your comment was edited.");
    },
    remove: async (id) => {
      const client = clientOf(thread);
      const own = ownComment(client.site, id);
      if (!own) return;
      const { commentCount } = await post<{ commentCount: number }>(thread, `comments/${id}/delete`, {
        secret: own.secret,
      });
      forgetOwn(client.site, id);
      changeComment(thread, id, (comment) =>
        comment.replies.length > 0 ? { ...comment, status: "removed", authorName: "", bodyHtml: "" } : null,
      );
      thread.commentCount = commentCount;
      thread.announcement = t("Your comment was deleted.");
    },
  };
}

/** A reader's reaction, to a comment or (without `commentId`) to the page; `kind` null takes it back. */
export interface Reaction {
  commentId?: number;
  kind: ReactionKind | null;
}

/** Sends a reader's reaction for a thread and shows the counts the server answers with. */
async function react(thread: WritableThread, { commentId, kind }: Reaction): Promise<void> {
  if (!thread.client) return;
  try {
    const result = await post<ReactionResult>(thread, "reactions", { page: thread.pagePath, commentId, kind });
    rememberWrote(thread.client.site, thread.pagePath);
    if (commentId === undefined) {
      thread.pageReactions = { ...result.reactions, elsewhere: thread.pageReactions.elsewhere };
      thread.myPageReaction = result.myReaction;
    } else {
      changeComment(thread, commentId, (comment) => ({
        ...comment,
        reactions: result.reactions,
        myReaction: result.myReaction,
      }));
    }
  } catch {
    thread.announcement = t("Your reaction could not be saved.");
  }
}

/** Reads on under a top-level comment whose replies come page by page, and shows them where they belong. */
async function readMoreReplies(thread: WritableThread, root: PublicComment): Promise<void> {
  const client = clientOf(thread);
  const query = new URLSearchParams({ page: thread.pagePath, root: String(root.id), from: String(root.moreReplies) });
  try {
    const more = await client.request<MoreReplies>(`replies?${query}`, {}, client.wrote(thread.pagePath));
    addReplies(thread, more.comments);
    changeComment(thread, root.id, (comment) => ({ ...comment, moreReplies: more.moreReplies ?? undefined }));
  } catch {
    thread.announcement = t("Comments could not be loaded.");
  }
}

/** Sends a reader's report of a comment, and tells the comment's actions whether it went. */
async function report(thread: WritableThread, { commentId, reason, settle }: ReportRequest): Promise<void> {
  try {
    await post(thread, `comments/${commentId}/report`, { reason });
    settle(true);
  } catch {
    settle(false);
  }
}

/** What write.js gives a thread: how its forms post, how its comments are edited, how readers react. */
export interface Writer {
  poster: Poster;
  editor: Editor;
  react(reaction: Reaction): Promise<void>;
}

/** The writing half for one thread, which also keeps it current while it is on the page (write/live.ts). */
export function writerFor(thread: WritableThread): Writer {
  const live = new LiveThread(thread);
  live.start();
  followTarget(thread);
  thread.addEventListener("chorus-ready", () => live.moved());
  thread.renderRoot.addEventListener("chorus-report", (event) =>
    report(thread, (event as CustomEvent<ReportRequest>).detail),
  );
  thread.renderRoot.addEventListener("chorus-more-replies", (event) =>
    readMoreReplies(thread, (event as CustomEvent<PublicComment>).detail),
  );
  const refused = (message: string) => {
    thread.announcement = message;
  };
  followSignIn(thread, thread.client, refused);
  return { poster: posterFor(thread, live), editor: editorFor(thread), react: (reaction) => react(thread, reaction) };
}
