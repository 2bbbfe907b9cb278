/** Cloudflare Turnstile, for sites that turn it on: checks a reader's challenge token with Cloudflare. */
import { sha256Hex } from "../lib/crypto";

export const turnstileVerifyUrl = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/**
 * Whether Cloudflare accepts the token for a page on one of `hostnames` (a token solved on another
 * site does not count); any failure to reach it counts as not accepted. The submission's idempotency
 * key goes along (as the UUID Cloudflare asks for), so a retried submission can check its token again.
 */
export async function verifyTurnstile(check: {
  secret: string;
  token: string;
  remoteIp: string | undefined;
  idempotencyKey: string;
  hostnames: readonly string[];
}): Promise<boolean> {
  const form = new FormData();
  form.set("secret", check.secret);
  form.set("response", check.token);
  form.set("idempotency_key", await asUuid(check.idempotencyKey));
  if (check.remoteIp) form.set("remoteip", check.remoteIp);
  try {
    const response = await fetch(turnstileVerifyUrl, { method: "POST", body: form });
    const outcome = (await response.json()) as { success?: boolean; hostname?: string };
    return outcome.success === true && check.hostnames.includes(outcome.hostname ?? "");
  } catch {
    return false;
  }
}

/** A UUID made from any text, the same for the same text. */
async function asUuid(text: string): Promise<string> {
  const hex = await sha256Hex(`turnstile\n${text}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
