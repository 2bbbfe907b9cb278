/** The site's block and allow lists, and trust earned by an author's approved comments. */
import { type CommentAnalysis, wordSequence } from "../analysis";
import { hostOf } from "../links";
import { normalizeText } from "../text";
import type { Reason, SpamSettings } from "../verdict";

/** What the rules read besides the analysed comment. */
export interface RuleInput {
  /** Salted hash of the poster's IP address. */
  ipHash?: string | null;
  /** Comments by this e-mail address that moderators approved on this site. */
  approvedCommentsByEmail?: number;
}

/** Block-list hits (strong spam evidence) and allow-list hits (strong ham evidence, which wins). */
export function checkLists(analysis: CommentAnalysis, input: RuleInput, settings: SpamSettings): Reason[] {
  const reasons: Reason[] = [];
  const { blocked, allowed } = settings;
  const searchable = ` ${analysis.proseWords} | ${analysis.nameSequence} `;
  const blockedWords = blocked.words.filter((word) => {
    const listed = wordSequence(normalizeText(word));
    return listed !== "" && searchable.includes(` ${listed} `);
  });
  if (blockedWords.length > 0) {
    reasons.push({ check: "lists.blocked_word", score: 8, detail: blockedWords.join(", ") });
  }
  const blockedDomains = commentHosts(analysis).filter((host) => listsDomain(blocked.domains, host));
  if (blockedDomains.length > 0) {
    reasons.push({ check: "lists.blocked_domain", score: 8, detail: [...new Set(blockedDomains)].join(", ") });
  }
  if (analysis.email !== undefined && listsEmail(blocked.emails, analysis.email)) {
    reasons.push({ check: "lists.blocked_email", score: 8, detail: analysis.email });
  }
  if (input.ipHash && blocked.ipHashes.includes(input.ipHash)) {
    reasons.push({ check: "lists.blocked_ip", score: 8 });
  }
  if (analysis.email !== undefined && listsEmail(allowed.emails, analysis.email)) {
    reasons.push({ check: "lists.allowed_email", score: -12, detail: analysis.email });
  }
  if (input.ipHash && allowed.ipHashes.includes(input.ipHash)) {
    reasons.push({ check: "lists.allowed_ip", score: -12 });
  }
  return reasons;
}

/** Trust earned by the author's e-mail address: each doubling of approved comments counts once more, up to 3. */
export function checkTrustedAuthor(input: RuleInput): Reason[] {
  const approved = input.approvedCommentsByEmail ?? 0;
  if (approved <= 0) return [];
  return [
    { check: "rules.trusted_author", score: -Math.min(3, 1 + Math.log2(approved)), detail: `${approved} approved` },
  ];
}

function commentHosts(analysis: CommentAnalysis): string[] {
  const hosts = [...analysis.links.hosts];
  if (analysis.emailDomain !== undefined) hosts.push(analysis.emailDomain);
  if (analysis.websiteHost !== undefined) hosts.push(analysis.websiteHost);
  return hosts;
}

/** True when the host is a listed domain or one of its subdomains. */
export function listsDomain(list: readonly string[], host: string): boolean {
  return list.some((entry) => {
    const listed = hostOf(entry);
    return listed !== "" && (host === listed || host.endsWith(`.${listed}`));
  });
}

function listsEmail(list: readonly string[], email: string): boolean {
  return list.some((entry) => entry.trim().toLowerCase() === email);
}
