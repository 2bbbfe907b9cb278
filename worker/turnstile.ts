/** Cloudflare Turnstile, for sites that turn it on: checks a reader's challenge token with Cloudflare. */
export const turnstileVerifyUrl = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** Whether Cloudflare accepts the token; any failure to reach it counts as not accepted. */
export async function verifyTurnstile(secret: string, token: string, remoteIp: string | undefined): Promise<boolean> {
  const form = new FormData();
  form.set("secret", secret);
  form.set("response", token);
  if (remoteIp) form.set("remoteip", remoteIp);
  try {
    const response = await fetch(turnstileVerifyUrl, { method: "POST", body: form });
    const outcome = (await response.json()) as { success?: boolean };
    return outcome.success === true;
  } catch {
    return false;
  }
}
