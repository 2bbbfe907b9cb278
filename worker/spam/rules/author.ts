/** The author's name and website: keywords, addresses and link text where a person's name belongs. */
import type { CommentAnalysis } from "../analysis";
import type { Reason } from "../verdict";
import { distinctMatches } from "./phrases";
import { COMMERCIAL, COMMERCIAL_CJK, SALES_TOPICS } from "./solicitation";

/** Words that make up the names of spam "authors" ("Cheap Viagra", "SEO services"). */
const COMMERCIAL_NAME_WORDS = new Set(
  (
    "cheap buy best viagra cialis casino poker loan loans payday seo services service marketing agency replica " +
    "pharmacy pills escort escorts porn xxx sex dating bitcoin crypto forex discount deals shop store online " +
    "insurance essay essays writing hack hacks free money cash followers download backlink backlinks outlet sale " +
    "jasa pbn coupon coupons купить недорого дешево скачать казино займ займы кредит диплом проститутки"
  ).split(" "),
);

/**
 * Words of the topics and trades that SEO spam signs its comments with instead of a name ("Health &
 * Fitness", "drywall repair", "international flights"). A name made only of these (and joining
 * words) is a keyword, not a person; no first name is among them.
 */
const TOPIC_NAME_WORDS = new Set(
  (
    "health healthy fitness life lifestyle wellness beauty fashion style clothing shoes wedding weddings bridal " +
    "travel leisure tourism hotel hotels flights flight booking tours vacation holiday holidays cruise food cooking " +
    "recipes restaurant games gaming sports sport education science technology tech gadgets computers software " +
    "internet business finance finances money investing insurance attorney lawyer lawyers legal law dental dentist " +
    "medical medicine holistic pharmacy pets pet animal animals dog dogs cat cats home house improvement garden " +
    "gardening kitchen bathroom roofing plumbing remodel remodeling repair repairs drywall cleaning carpet painting " +
    "contractor construction furniture mattress mattresses beds bed decor interior design real estate property " +
    "mortgage loans car cars auto shopping marketing seo web hosting arts art music movies entertainment news " +
    "parenting kids baby women men dating relationships jewelry watches bags handbags electronics photography " +
    "weight loss diet supplements skin care hair salon spa massage yoga camping fishing hunting outdoors boat " +
    "cleaner services service company agency online store shop sites site sale sales deals reviews tips guide " +
    "adjustable based opportunity opportunities small international fireplace mountain ideas idea magazine " +
    "magazines daily cost top administration product products diy cremation affordable government jobs " +
    "job family vacations exotic travelling traveling modern sofa bugs bug bites insects picture pictures " +
    "heat treatment general relationship automotive automobile ethics school public network parents " +
    "single children floor plans alliance psychology educational social security show articles woman " +
    "solar panel panels installer installers installation photographer locksmith removals movers " +
    "clinic tour tours machine machines keys boosting daycare nanny nannies tutor tutors tutoring " +
    "certification development developers app apps mobile laptop laptops chair chairs signals " +
    "giveaway airdrop restoration support writer writers accounts verified presets agent agents " +
    "broker brokers realty solicitors recruitment rentals apartments villas tickets vpn printer " +
    "antivirus " +
    "and of for the in to with"
  ).split(" "),
);

/**
 * A word of a topic name: a topic word, the plural of a longer one ("kitchens"; not "Ines" or
 * "Arts", names), or a number ("top 10 mattresses", "2016").
 */
function isTopicWord(word: string): boolean {
  const plural = word.length >= 6 && word.endsWith("s");
  return TOPIC_NAME_WORDS.has(word) || (plural && TOPIC_NAME_WORDS.has(word.slice(0, -1))) || /^\p{N}+$/u.test(word);
}

/** Joining words that a topic name may contain but not consist of. */
const JOINING_WORDS = new Set(["and", "of", "for", "the", "in", "to", "with"]);

/** Host names made of selling words: `cheap-jerseys-outlet.com`, `bestbuyreviews.net`. */
const KEYWORD_HOST =
  /(?:cheap|buy|best|discount|outlet|replica|sale|deals?|coupons?|reviews?|shop|store|online|loans?|casino|pills|pharmacy|seo|backlinks?|essay|jerseys|viagra|cialis|cbd|keto|vpn|bets|betting|slots?|apk|followers|supplies|training|courses?|institute|academy|classes|coaching)/;

/**
 * Link text for a name: SEO spam signs with the words it wants on the link to its website ("Click
 * here", "Continue Reading", "more about the author", "her latest blog", "go right here").
 */
const ANCHOR_NAME =
  /^(?:click here|read more|continue reading|learn more|find out more|more about the author|more info|more information|visit (?:my |our |the )?(?:site|website|web site|blog|page|homepage|web page)|(?:my|our|your|her|his|their) (?:latest |new |own )?(?:blog|site|website|web site|homepage|home page|page|blog post)|(?:go|click|look|see|check|visit) (?:right )?(?:here|this|this out|it out|there|this site|this website|this link)|additional (?:hints|info|information|reading)|discover (?:this|more|here)|(?:your|my) domain name|homepage|home page|website|web site|this site|this website|this page|official site|official website|(?:see|read|view|visit) (?:more|site|website|here|source|page|full article|the full article|the article))$/u;

const ADDRESS_IN_NAME = /(?:https?:\/\/|www\.|@|\.(?:com|net|org|info|biz|ru|io|xyz|online|site|shop|store)\b)/u;

/**
 * The author's name and website: a name that is an address ("www.x.com"), made of commercial
 * keywords ("Cheap Viagra") or of topic words instead of a person's name ("Health & Fitness"); a
 * website whose host is made of selling words; and a website given with a comment that links
 * nowhere, which is how SEO spam links itself (weak alone: many readers have blogs).
 */
export function checkAuthor(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  const selling = [COMMERCIAL, COMMERCIAL_CJK, SALES_TOPICS].flatMap((pattern) =>
    distinctMatches(analysis.name, pattern),
  );
  if (ADDRESS_IN_NAME.test(analysis.name)) {
    reasons.push({ check: "rules.name_is_address", score: 3, detail: analysis.name });
  } else if (ANCHOR_NAME.test(analysis.nameSequence)) {
    reasons.push({ check: "rules.name_is_link_text", score: 3, detail: analysis.name });
  } else if (selling.length > 0) {
    reasons.push({ check: "rules.name_is_keywords", score: 3, detail: selling.join(", ") });
  } else {
    const keywords = analysis.nameWords.filter((word) => COMMERCIAL_NAME_WORDS.has(word));
    const topical = analysis.nameWords.filter((word) => !JOINING_WORDS.has(word));
    if (keywords.length > 0) {
      const allKeywords = keywords.length >= 2 || keywords.length === analysis.nameWords.length;
      reasons.push({ check: "rules.name_is_keywords", score: allKeywords ? 3 : 1, detail: keywords.join(", ") });
    } else if (topical.some((word) => !/^\p{N}+$/u.test(word)) && topical.every(isTopicWord)) {
      reasons.push({ check: "rules.name_is_keywords", score: 2, detail: `topic words: ${topical.join(" ")}` });
    }
  }
  if (analysis.websiteHost !== undefined) {
    const host = analysis.websiteHost;
    if (KEYWORD_HOST.test(host.replace(/\.[a-z]+$/, "")) || (host.match(/-/g) ?? []).length >= 2) {
      reasons.push({ check: "rules.website_is_keywords", score: 1.5, detail: host });
    } else if (analysis.links.hosts.length === 0 && (reasons.length > 0 || !isNamedAfter(host, analysis.nameWords))) {
      reasons.push({ check: "rules.website_only", score: 0.3, detail: host });
    }
  }
  return reasons;
}

/**
 * Whether a website's host is named after the author ("Green Thumb Gail", greenthumbgail.net;
 * "Lucy & Dan", lucyanddantravel.com): a reader's own blog, not a page bought to rank for keywords.
 * Short names (under six letters) do not count, as "Jo" is inside too many hosts.
 */
function isNamedAfter(host: string, nameWords: readonly string[]): boolean {
  const compactHost = host.replace(/[.-]/g, "");
  const compactName = nameWords.join("");
  const spelledOut = nameWords.join("and");
  return (
    compactName.length >= 6 &&
    (compactHost.includes(compactName) || (nameWords.length === 2 && compactHost.includes(spelledOut)))
  );
}
