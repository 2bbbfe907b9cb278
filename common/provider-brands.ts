/**
 * The account providers known by their brand's name, as readers (write.js) and moderators (the
 * console) read it. A module of its own, apart from the vocabulary, so the first paint's bundle,
 * which imports the vocabulary, does not change with it.
 */
import type { SignInProviderKind } from "./vocabulary";

export const signInProviderBrands: Readonly<Record<Exclude<SignInProviderKind, "oidc">, string>> = {
  github: "GitHub",
  google: "Google",
  microsoft: "Microsoft",
  mastodon: "Mastodon",
};
