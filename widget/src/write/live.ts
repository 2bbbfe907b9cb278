import type { LiveHello, PublicComment, ThreadChanges } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import type { ChorusToolbar } from "./chorus-toolbar";
import { t } from "./shared";
import { changeComment, contains, withReply } from "./tree";
import type { WritableThread } from "./writer";

/** How often a connection says it is alive (answered by the server without waking the thread's object). */
const pingEveryMs = 30_000;
/** How often a reader without WebSockets asks what changed. */
export const pollEveryMs = 30_000;
/** The longest wait between attempts to reconnect. */
const maxBackoffMs = 30_000;
/** Connections that fail before ever opening, in a row, after which the thread polls instead. */
const failuresBeforePolling = 3;

/**
 * Keeps a thread current while it is on the page: a WebSocket to the thread's live route, which sends
 * each change as the catch-up route answers it (worker/live). Every (re)connection begins with the
 * room's latest revision, and a thread older than that catches up over HTTP, so a dropped connection
 * or a deploy loses nothing; where
 * WebSockets are missing or keep failing, it polls the catch-up instead. New top-level comments wait
 * behind a "Show new comments" button, so nothing moves under the reader's eyes; replies, edits,
 * deletions, reactions, the count and a closed thread change in place.
 */
export class LiveThread {
  /** New top-level comments the reader has not asked to see yet. */
  private waiting: PublicComment[] = [];
  private socket: WebSocket | null = null;
  /** The reader key the open socket was made with; a reader who writes on the page for the first time reconnects with theirs. */
  private socketKey: string | null = null;
  /** The page the open socket follows. */
  private socketPage = "";
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  /** Whether the first connection (or poll) has been made: only its catch-up is shown at once. */
  private settled = false;
  /** The toolbars whose "Show new comments" this follower listens to. */
  private readonly listening = new WeakSet<ChorusToolbar>();

  constructor(private readonly thread: WritableThread) {}

  private get client(): ChorusApi | null {
    return this.thread.client;
  }

  /** Starts following the thread: connects, or polls where WebSockets are unavailable. */
  start(): void {
    if (typeof WebSocket === "function") this.connect();
    else this.poll();
  }

  /** Stops for good: the thread left the page. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    this.socket?.close();
  }

  /** Reconnects with the reader's key once they wrote on the page, so their held comments reach them. */
  rejoin(): void {
    if (this.socket && this.socketKey === null && this.client?.wrote(this.thread.pagePath)) this.socket.close();
  }

  /** Follows the thread's page anew once the thread moved to another page (a single-page blog navigating). */
  moved(): void {
    if (!this.socket || this.socketPage === this.thread.pagePath) return;
    this.waiting = [];
    this.showWaiting();
    this.socket.close();
  }

  private get gone(): boolean {
    if (!this.stopped && !this.thread.isConnected) this.stop();
    return this.stopped;
  }

  private connect(): void {
    const client = this.client;
    if (this.gone || !client) return;
    const key = client.wrote(this.thread.pagePath) ? client.readerKey() : null;
    const url = `${client.base.replace(/^http/, "ws")}/api/sites/${encodeURIComponent(client.site)}/live?${new URLSearchParams({ page: this.thread.pagePath })}`;
    let opened = false;
    const first = !this.settled;
    this.settled = true;
    const socket = new WebSocket(url, key ? ["chorus", `reader.${key}`] : ["chorus"]);
    this.socket = socket;
    this.socketKey = key;
    this.socketPage = this.thread.pagePath;
    socket.onopen = () => {
      opened = true;
      this.failures = 0;
      this.pinger = setInterval(() => this.gone || socket.send("ping"), pingEveryMs);
    };
    socket.onmessage = (event) => {
      if (event.data === "pong") return;
      const message = JSON.parse(String(event.data)) as ThreadChanges | LiveHello;
      if (!("hello" in message)) return this.apply(message);
      // The room's latest revision: catch up if this copy of the thread is older (or the room cannot
      // say). On the first connection, what the freshly loaded thread missed is part of loading it.
      const { revision } = message.hello;
      if (revision === null || revision > this.thread.revision) this.catchUp(revision, first);
    };
    socket.onclose = () => {
      clearInterval(this.pinger);
      if (this.socket !== socket || this.gone) return;
      this.socket = null;
      if (!opened) this.failures++;
      if (this.failures >= failuresBeforePolling) return this.poll();
      const backoff = Math.min(maxBackoffMs, 1000 * 2 ** this.failures);
      this.timer = setTimeout(() => this.connect(), opened ? 0 : backoff * (0.5 + Math.random() / 2));
    };
  }

  private poll(): void {
    if (this.gone) return;
    const atOnce = !this.settled;
    this.settled = true;
    this.catchUp(null, atOnce).finally(() => {
      this.timer = setTimeout(() => this.poll(), pollEveryMs);
    });
  }

  /**
   * Asks what changed since the thread's revision, and applies it; a failure waits for the next try.
   * `upto`, the revision the room said the thread reached, keeps the server from answering with an
   * older cached copy.
   */
  private async catchUp(upto: number | null = null, atOnce = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    const query = new URLSearchParams({ page: this.thread.pagePath, since: String(this.thread.revision) });
    if (upto !== null) query.set("upto", String(upto));
    try {
      this.apply(await client.request<ThreadChanges>(`changes?${query}`, {}, client.wrote(this.thread.pagePath)));
      if (atOnce) this.showNew();
    } catch {
      // The page may have no thread yet, or the network is down: the next connection catches up.
    }
  }

  private apply(changes: ThreadChanges): void {
    const thread = this.thread;
    if (!changes.complete) {
      this.waiting = [];
      this.showWaiting();
      thread.load();
      return;
    }
    thread.commentCount = changes.thread.commentCount;
    thread.closed = changes.thread.closed;
    thread.pageReactions = { ...changes.thread.reactions, elsewhere: thread.pageReactions.elsewhere };
    for (const comment of changes.comments) this.place(comment);
    thread.revision = Math.max(thread.revision, changes.revision);
    this.showWaiting();
  }

  /** Puts one changed comment where it belongs: in place, under its parent, or behind the button. */
  private place(comment: PublicComment): void {
    const thread = this.thread;
    const removed = comment.status === "removed";
    if (contains(thread.comments, comment.id)) {
      changeComment(thread, comment.id, (old) =>
        removed && old.replies.length === 0
          ? null
          : {
              ...old,
              ...comment,
              replies: old.replies,
              myReaction: comment.myReaction === undefined ? old.myReaction : comment.myReaction,
            },
      );
      return;
    }
    const queued = this.waiting.findIndex((waiting) => waiting.id === comment.id);
    if (queued >= 0) {
      if (removed) this.waiting.splice(queued, 1);
      else this.waiting[queued] = comment;
      return;
    }
    if (removed) return;
    if (comment.parentId !== null) {
      if (contains(thread.comments, comment.parentId)) {
        changeComment(thread, comment.parentId, (parent) => withReply(parent, comment));
      }
      return;
    }
    // Oldest or top first with more pages to load: a new comment comes with the last page, in order.
    if (thread.sort !== "newest" && thread.nextCursor) return;
    this.waiting.push(comment);
  }

  /** Shows how many new comments wait, on the thread's toolbar, and says it to screen readers. */
  private showWaiting(): void {
    const toolbar = this.thread.renderRoot.querySelector<ChorusToolbar>("chorus-toolbar");
    if (!toolbar) return;
    if (!this.listening.has(toolbar)) {
      toolbar.addEventListener("chorus-show-new", () => this.showNew());
      this.listening.add(toolbar);
    }
    const count = this.waiting.length;
    if (count > 0 && toolbar.fresh !== count) this.thread.announcement = t("New comments: {n}", { n: count });
    toolbar.fresh = count;
  }

  /** Adds the waiting comments to the thread, where its order puts them. */
  private showNew(): void {
    const thread = this.thread;
    const fresh = this.waiting.filter((comment) => !contains(thread.comments, comment.id));
    this.waiting = [];
    thread.comments =
      thread.sort === "newest" ? [...fresh.reverse(), ...thread.comments] : [...thread.comments, ...fresh];
    this.showWaiting();
  }
}
