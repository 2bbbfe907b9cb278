import { DurableObject } from "cloudflare:workers";
import type { LiveHello } from "../api/schemas";
import type { Env } from "../env";

/** The header the Worker tells a room a reader's key hash with, on the upgrade it forwards; never a reader's own. */
export const readerTagHeader = "X-Chorus-Room-Reader";

/** What a room sends after a change: one message for everyone, and another for each author of a waiting comment. */
export interface RoomMessage {
  /** The thread's revision after the change. */
  revision: number;
  /** JSON of the change as any reader sees it; null when nothing of it is public. */
  everyone: string | null;
  /** JSON of the change as its author sees it, by reader key hash. */
  byReader: Record<string, string>;
}

/** The tag of a connection that sent no reader key. */
const anonymous = "-";

/** Where a room keeps the latest revision it sent: derived from D1, so safe to lose like everything else here. */
const revisionKey = "revision";

/**
 * One thread's readers, connected by WebSocket (the Hibernation API: the object sleeps between
 * changes, and pings are answered without waking it). It holds no data D1 does not: its connections,
 * each tagged with its reader's key hash, so a comment waiting for moderation goes to its author
 * alone, and the latest revision it sent. Lost (a deploy, an eviction), readers reconnect and catch
 * up from D1.
 */
export class ThreadRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * Accepts a reader's WebSocket (the Worker has checked the site, the origin and the reader key) and
   * says the latest revision this room sent: a reader whose copy of the thread is older catches up.
   */
  override async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [request.headers.get(readerTagHeader) || anonymous]);
    const hello: LiveHello = { hello: { revision: (await this.ctx.storage.get<number>(revisionKey)) ?? null } };
    server.send(JSON.stringify(hello));
    return new Response(null, { status: 101, webSocket: client, headers: { "Sec-WebSocket-Protocol": "chorus" } });
  }

  /** Sends a change to every connection: its author's view to the author, the public view to the rest. */
  async broadcast(message: RoomMessage): Promise<number> {
    const known = (await this.ctx.storage.get<number>(revisionKey)) ?? 0;
    if (message.revision > known) await this.ctx.storage.put(revisionKey, message.revision);
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
