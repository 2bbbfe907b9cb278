/**
 * Avatars without images: each comment carries a short keyed hash of its author's name and email,
 * from which the widget draws an identicon. HMAC-SHA256 with a deployment secret, cut to 8 hex
 * characters, so it cannot be reversed or matched against a guessed email without the secret;
 * the same author looks the same on every comment of a site.
 */
import type { PublicComment } from "../api/schemas";
import type { Comment } from "../db/schema";
import { toPublicComment } from "../db/threads";
import { sha256Hex, toHex } from "../lib/crypto";

/**
 * Computes avatar hashes for many authors with one imported key; repeated authors are hashed once.
 * On a site that opted in to Gravatar, an author with an email gets the SHA-256 of the address
 * instead (64 hex characters), which the widget turns into their Gravatar image.
 */
export function avatarHasher(
  secret: string,
  site: { id: string; gravatar: boolean },
): (name: string, email: string | null) => Promise<string> {
  const siteId = site.id;
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(`avatar\n${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const known = new Map<string, Promise<string>>();
  return (name, email) => {
    if (site.gravatar && email) return sha256Hex(email.trim().toLowerCase());
    const identity = `${siteId}\n${name.trim().toLowerCase()}\n${(email ?? "").trim().toLowerCase()}`;
    let hash = known.get(identity);
    if (!hash) {
      hash = key.then(async (imported) =>
        toHex(new Uint8Array(await crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(identity)))).slice(
          0,
          8,
        ),
      );
      known.set(identity, hash);
    }
    return hash;
  };
}

/** Sets `avatar` on every visible comment of a tree, given each comment's author (by id). */
export async function addAvatars(
  comments: PublicComment[],
  authors: Map<number, { name: string; email: string | null }>,
  hash: (name: string, email: string | null) => Promise<string>,
): Promise<void> {
  const visit = async (list: PublicComment[]): Promise<unknown> =>
    Promise.all(
      list.map(async (comment) => {
        const author = authors.get(comment.id);
        comment.avatar = comment.status !== "removed" && author ? await hash(author.name, author.email) : null;
        await visit(comment.replies);
      }),
    );
  await visit(comments);
}

/**
 * A stored comment as its author sees it right after posting or editing, with its avatar; the staff
 * badge only for the site's staff signed in by the site, and how its author signed in (`identity`).
 */
export async function asAuthorSeesIt(
  secret: string,
  site: { id: string; gravatar: boolean; staffLabel: string },
  comment: Comment,
  identity: { role: string; provider: string } | null = null,
): Promise<PublicComment> {
  const avatar = await avatarHasher(secret, site)(
    comment.authorName,
    comment.authorProven ? comment.authorEmail : null,
  );
  const signedIn = { identityRole: identity?.role ?? null, identityProvider: identity?.provider ?? null };
  return { ...toPublicComment({ ...comment, ...signedIn }, true, site.staffLabel), avatar };
}
