import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** The header the Worker tells a room a reader's key hash with, on the upgrade it forwards; never a reader's own. */
export const readerTagHeader = "X-Chorus-Room-Reader";

/** What a room sends after a change: one message for everyone, and another for each author of a waiting comment. */
export interface RoomMessage {
  /** JSON of the change as any reader sees it; null when nothing of it is public. */
  everyone: string | null;
  /** JSON of the change as its author sees it, by reader key hash. */
  byReader: Record<string, string>;
}

/** The tag of a connection that sent no reader key. */
const anonymous = "-";

/**
 * One thread's readers, connected by WebSocket (the Hibernation API: the object sleeps between
 * changes, and pings are answered without waking it). It holds no data D1 does not: its only state is
 * its connections, each tagged with its reader's key hash, so a comment waiting for moderation goes to
 * its author alone. Lost (a deploy, an eviction), readers reconnect and catch up from D1.
 */
export class ThreadRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Accepts a reader's WebSocket; the Worker has checked the site, the origin and the reader key. */
  override async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [request.headers.get(readerTagHeader) || anonymous]);
    return new Response(null, { status: 101, webSocket: client, headers: { "Sec-WebSocket-Protocol": "chorus" } });
  }

  /** Sends a change to every connection: its author's view to the author, the public view to the rest. */
  broadcast(message: RoomMessage): number {
    let sent = 0;
    for (const socket of this.ctx.getWebSockets()) {
      const tag = this.ctx.getTags(socket)[0] ?? anonymous;
      const text = message.byReader[tag] ?? message.everyone;
      if (text === null) continue;
      try {
        socket.send(text);
        sent++;
      } catch {
        // Closing already: the reader catches up when it reconnects.
      }
    }
    return sent;
  }

  /** How many readers are connected. */
  connections(): number {
    return this.ctx.getWebSockets().length;
  }

  /** Readers only listen; anything but a ping (answered without waking the object) is ignored. */
  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code, reason);
    } catch {
      // Already closed.
    }
  }
}
