/**
 * Hand-written checks that need no training: links and link markup, phrases of self-promotion,
 * selling and contact, names that are keywords or addresses, spelling tricks, the site's block and
 * allow lists, and trust earned by an author's approved comments. Each returns a reason only when
 * it fires. The phrase lists are generic comment spam, not tuned to one site: the classifier
 * learns each site's own.
 */
import { type CommentAnalysis, wordSequence } from "./analysis";
import { hostOf } from "./links";
import { normalizeText, STYLISED_LETTERS_FOR_TRICK } from "./text";
import type { Reason, SpamSettings } from "./verdict";

/** What the rules read besides the analysed comment. */
export interface RuleInput {
  /** Salted hash of the poster's IP address. */
  ipHash?: string | null;
  /** Comments by this e-mail address that moderators approved on this site. */
  approvedCommentsByEmail?: number;
}

/**
 * Self-promotion that says so itself: inviting readers to the author's own channel, site or
 * profile, or to a link. Fires wherever it appears.
 */
const SELF_PROMOTION = phrasePattern([
  "(?:check(?: out)?|go check|visit|watch|listen to|see|read|take a look at|look at|go to|subscribe to|sub to|follow) (?:my|our) (?:[\\p{L}]+ ){0,2}(?:channel|chanel|chhanel|page|blog|website|site|profile|bio|account|store|shop|music|songs?|tracks?|beats|raps?|covers?|remix(?:es)?|mash ?ups?|videos?|vids|vidios|work|art|stuff|content|link|posts?|playlist|album|instagram|twitter)",
  "(?:my|our) (?:new |own |little |first |latest |newest )?(?:youtube |yt |music |gaming |instagram |twitter |soundcloud )?(?:videos?|vidios|vidz|songs?|tracks?|music|mixtape|covers?|parody|remix(?:es)?|mash ?ups?|vids|playlist|album|channel|chanel|chhanel|instagram|ig|tiktok|soundcloud|twitter)",
  "(?:come |go |please |pls |plz )?check (?:me|us) out",
  "(?:i|we) (?:just )?(?:made|started|created|opened) (?:(?:a|an) (?:new )?(?:youtube|gaming|music)|(?:my|our) (?:own |new )?(?:youtube |gaming |music )?) ?channel",
  "follow (?:me|us) (?:on|at)",
  "(?:i am|im|i m) (?:a|an) (?:new |small |young |upcoming |aspiring |\\p{N}+ (?:yr|year) old )?youtuber",
  "sub (?:to )?(?:me|my)",
  "(?:please |plz |pls |come )?su(?:bs|b|s)c?ri[bp]e? (?:to |for |on )?(?:me|my|us|our)",
  "(?:please|plz|pls|come) su(?:bs|b|s)c?ri[bp]e",
  "(?:check out|take a look at|look at|watch) (?:this|my|our) (?:video|channel|song|track|vid|playlist|page) on (?:youtube|instagram|tiktok|facebook)",
  "(?:sub(?:scribe)?|like|follow) ?(?:4|for) ?(?:sub(?:scribe)?|like|follow)",
  "click (?:here|(?:on )?the link|(?:on )?my (?:name|profile))",
  "(?:reach|get|hit|gain) \\p{N}+ (?:subs|subscribers|followers)",
  "(?:i|we) (?:have|ve got|got|m at|am at) (?:\\p{N}+|over \\p{N}+|almost \\p{N}+) (?:subs|subscribers|followers)|(?:a |an )?(?:rapper|singer|artist|producer|youtuber|channel) with (?:over )?\\p{N}+ (?:subs|subscribers|followers)",
]);

/**
 * Asking for visits, subscriptions, likes and shares: what YouTube and Instagram spam says, but
 * also what readers say ("share it with my team", "I'll subscribe"). Counts only in context: when
 * the comment opens with it, as an order ("Subscribe if you're watching in 2015"), or also carries
 * a link or promotes something of the author's (`SELF_PROMOTION`).
 */
const ENGAGEMENT_BAIT_PHRASES = [
  "check (?:it|them|this|these) out",
  "check this",
  "su(?:bs|b|s)c?ri[bp](?:e|le|ing)?",
  "follow (?:me|us)",
  // Not "please share the survey you used?": a reader asking for something.
  "please (?:like|subscribe|share(?! (?:the|your|some|any|more|how|what|which|a|an|details|sources?|data|results)(?![\\p{L}\\p{N}])))",
  "like please",
  "give (?:it|this|me|us) a (?:like|thumbs up)",
  "like (?:this|my) (?:comment|page|video|channel)",
  "(?:share and like|like and share)",
  "share (?:this|it|on)",
  "please vote",
  "vote for (?:me|my|us|our)",
];
const ENGAGEMENT_BAIT = phrasePattern(ENGAGEMENT_BAIT_PHRASES);
/**
 * What follows "subscribe" or "share" when a reader names a part of the page ("Subscribe button
 * doesn't work") or recommends someone else's ("Subscribe to their newsletter"), not an order.
 */
const NOT_AN_ORDER =
  "(?: (?:button|link|form|box|field|option|feature|page|popup|icon|menu|email)s?| to (?:their|his|her))(?![\\p{L}\\p{N}])";
const OPENS_WITH_BAIT = new RegExp(
  `^(?:${ENGAGEMENT_BAIT_PHRASES.join("|")})(?![\\p{L}\\p{N}])(?!${NOT_AN_ORDER})`,
  "u",
);

/**
 * An author introducing themselves as a performer ("I'm a 12 yr old music producer", "I'm a
 * rapper"): self-promotion next to a link, another promotion or a request to subscribe or like;
 * alone, a reader saying what they do ("I'm a singer and your piece on warmups helped").
 */
const SELF_INTRODUCTION = phrasePattern([
  "(?:i am|im|i m|we are|we re) (?:a|an) (?:new |small |young |upcoming |aspiring |\\p{N}+ (?:yr|year) old )?(?:music )?(?:rappers?|singers?|artists?|producers?|dj|djs|musicians?|band)",
]);

/** Selling and money-making offers. */
const COMMERCIAL = phrasePattern([
  "free (?:downloads?|gifts?|iphones?|money)",
  "(?:buy|need) (?:more )?(?:youtube |instagram |real )?(?:subscribers|followers)",
  "limited offer",
  "viagra",
  "cialis",
  "seo services",
  "(?:buy|cheap|best|discount|replica|wholesale) [\\p{L}]+ (?:online|for sale|uk|usa|outlet)",
  "(?:louis vuitton|michael kors|ray ban|oakley|ugg|nike|jordans?) (?:outlet|sale|cheap|online|bags?|shoes|boots)",
  "replica (?:watches|bags|handbags)",
  "garcinia cambogia",
  "keto (?:diet )?pills",
  "cbd (?:oil|gummies)",
  "essay (?:writing|writers?|service|help)",
  "write my essay",
  "online (?:pharmacy|casinos?|betting|gambling)",
  "male enhancement",
  "slot (?:online|gacor)",
  "judi (?:online|slot|bola)",
  "(?:binary )?options trading",
  "(?:recovery|bitcoin|crypto) (?:expert|hacker|recovery)",
  "(?:hire|contact) (?:a )?hacker",
  "invest(?:ed|ing|ment)? (?:with|in) (?:him|her|them|@)",
  "(?:trading|investment) (?:mentor|expert|strategy|signals?)",
  "(?:earned|made|earn|make) (?:over |up to |about )?\\$? ?\\p{N}[\\p{N},.]*k? ?(?:\\$|usd|dollars|btc)?(?: (?:weekly|daily|a week|per week|every week))",
  // Spell casters, miracle cures, escorts, matka betting, movers: what blog spam has long sold.
  "spell ?casters?",
  "love spells?",
  "cured (?:me |him |her |us |my [\\p{L}]+ )?(?:of|from) (?:herpes|hiv|hpv)",
  "call girls?",
  "escort (?:services?|agency|agencies|girls?)",
  "(?:satta|kalyan) matka",
  "packers and movers",
  // Loan offers, in English and French: addressed to the reader, or the lender's own pitch. Not a
  // reader's "I'm looking for a loan", "if you are looking for a loan, ask a credit union" or "the
  // bank's loan offer".
  "(?:are you|r u) (?:in need of|looking for|searching for|seeking) (?:a |an )?(?:urgent |personal |business |quick |fast |serious )?(?:loans?|financing)",
  "(?:looking for|in need of) a (?:credit|financing)(?! cards?)",
  "(?:we|i) (?:offer|give|grant) (?:all kinds of |any kind of |personal |business |private )?loans",
  "legit(?:imate)? (?:loan )?lenders?",
  "(?:quick|fast|urgent) loans? (?:offer|available|approved|without)",
  "(?:vous )?recherchez un (?:crédit|prêt|financement)",
  "prêts? entre particuliers",
  "sans (?:aucun )?frais (?:à|a) l['’]avance",
  // The training institutes that sign tutorial blogs' comments ("AWS training in Bangalore").
  "(?:online )?(?:training|course|courses|classes|coaching|certification|institute|academy) (?:in|at|near) (?:chennai|bangalore|bengaluru|hyderabad|pune|noida|delhi|mumbai|kolkata|gurgaon|gurugram|coimbatore|kochi|velachery|marathahalli|ahmedabad|jaipur|chandigarh|lucknow|indore|nagpur)",
]);

/**
 * What is sold, but also what readers talk about: a promo code or a free trial they ask about, the
 * pharmacy they bought it at, the casino near their hotel, their account manager, passive income as
 * a myth. Weak in a comment: alone it holds nothing, and it is no signal for a spam verdict, but it
 * adds to other evidence. In an author's name, as strong as `COMMERCIAL`.
 */
const SALES_TOPICS = phrasePattern([
  "free trials?",
  "gift cards?",
  "promo code",
  "buy now",
  "order now",
  "casino",
  "payday loans?",
  "backlinks?",
  "weight loss (?:pills|supplements?)",
  "porn",
  "escorts?",
  "pharmacy",
  "(?:sports )?betting",
  "account manager",
  "(?:trading|investment) platform",
  "(?:earned|made|earn|make) (?:over |up to |about )?\\$? ?\\p{N}[\\p{N},.]*k? ?(?:\\$|usd|dollars|btc)?(?: (?:monthly|a month|per month))",
  "passive income",
  "financial freedom",
]);

/**
 * Words of money and selling that readers use too, on a finance blog or a shop's: weak evidence,
 * which counts only next to other signs.
 */
const MONEY_WORDS = phrasePattern([
  "(?:make|earn|making|earning|made|earned|got|paid) (?:money|cash|profits?|\\$ ?\\p{N}[\\p{N},. ]*k?)",
  "\\$ ?\\p{N}[\\p{N},.]*k",
  "work(?:ing)? from home",
  "giveaways?",
  "to win an?",
  "discounts?",
  "cheap",
  "bitcoin",
  "btc",
  "crypto(?:currency|currencies)?",
  "forex",
  "profits?",
  "invest(?:ment|ing|ed|ors?)?",
  "trading",
  "income",
]);

/** Invitations to make contact off the site, and the handles that go with them. */
const CONTACT = phrasePattern([
  "(?:email|e-mail|text|dm|inbox|message|whatsapp|contact|reach out to|write to|get in touch with) (?:me|us)",
  // Not "contact them for a refund": readers send each other to the brand. A scam's testimonial
  // sends the reader to its broker by name, handle or messenger.
  "(?:email|e-mail|text|dm|inbox|message|whatsapp|contact|reach out to|write to|get in touch with) (?:him|her) (?:now|today|on|via|at|through|@|for (?:more |further )?(?:details|info|information|guidance|assistance))",
  // Not "call me" alone: "call me old-fashioned" is how readers disagree.
  "call (?:me|us|him|her|them) (?:at|on|now|today|back)",
  "(?:get in touch|reach out|connect) (?:with|to) [@#]",
  "(?:dm|message|contact|write to|reach|inbox) [@#]",
  "hit (?:me|us) up",
  "(?:dm|inbox) (?:now|today|asap)",
  "send (?:me |us )?(?:an? )?(?:inbox|dm|direct message|private message)",
  "(?:proposals?|info|details|enquiries|inquiries) (?:dm|inbox)",
  "(?:in|to|into|by|via) (?:my )?(?:dm|dms|inbox)",
  // Where scams move the talk, with the number or handle to write to; not a messenger named on its
  // own ("I built a Telegram bot", "do you answer on WhatsApp?"), nor Instagram or Snapchat.
  "(?:whatsapp|telegram)(?: (?:me|us|him|her|at|on|number|no|id|handle|only|or call))?:? ?(?:\\+?\\p{N}[\\p{N} ()-]*\\p{N}|@[\\p{L}\\p{N}_.]*[\\p{L}\\p{N}_])",
  "(?:join|enter) (?:my |our |the )?(?:whatsapp|telegram)|in (?:my|our) (?:whatsapp|telegram)|(?:whatsapp|telegram) link",
  "(?:reach out|message|write|text|chat) (?:on|via) (?:whatsapp|telegram)",
]);

/** A social-media handle: `@name`, or a `#name` hashtag written like one (`#hazel_mcewen`, `#erminiafx`). */
const HANDLE =
  /(?<![\p{L}\p{N}])(?:[@#][\p{L}\p{N}._]*(?:_|\.|fx|trades?|invest|crypto|tips)[\p{L}\p{N}._]*|@[\p{L}\p{N}._]{3,})(?![\p{L}\p{N}._(])/u;

/**
 * A handle named for making money with a person (`@financewithsharan`, `@earnwithariana`,
 * `@trades_with_felicia`) or for a person's trading (`@lorissatrades`, `@standwithstella.fx`): its own
 * money context. Not a data source a reader cites (`@tradingeconomics`).
 */
const MONEY_HANDLE =
  /^[@#][\p{L}\p{N}._]*(?:(?:fx|trad(?:e|es|er|ing)|invest(?:ing|ments?)?|crypto|finance|wealth|earn|profits?|forex|capital|money|cash|business)[._]?with[._]?\p{L}|\p{L}[._]*(?:fx|trades|trader)[._]*\p{N}*$)/u;

/**
 * What a handle is recommended for in a scam testimonial: a mentor, a trader, recovery, contact.
 * Thanks and help (`WEAK_REFERRAL_CONTEXT`) are also how readers mention each other ("thanks to
 * @maria_dev for the tip"): alone they count little.
 */
const REFERRAL_CONTEXT = phrasePattern([
  "mentor(?:ship)?",
  "trader",
  "coach",
  "manager",
  "expert",
  "recommend(?:ed)?",
  "legit",
  "genuine",
  "trust(?:ed|worthy)?",
  "recover(?:ed|y)?",
  "contact",
  "inbox",
  "dm",
  "message",
  "reach",
]);
const WEAK_REFERRAL_CONTEXT = phrasePattern(["with", "thanks to", "help(?:ed|ing)?"]);

/**
 * A telephone number: 10 to 15 digits after a + (`+447700900123`) or in groups split by single
 * spaces, dashes or brackets (`(020) 7946 0958`), but not a plain count (`1000000000`), a list of
 * years (`2013 2014 2015`) or a date and time (`2024-03-05 14:22`).
 */
const PHONE_NUMBER =
  /(?<![\p{L}\p{N}.,+])(?:\+\p{N}(?:[ ()-]?\p{N}){9,14}|\(?\p{N}+(?:[ ()-]+\p{N}+){1,5})(?![\p{L}\p{N}.,])/gu;
const YEARS = /^(?:(?:19|20)\p{N}{2}\D*)+$/u;
/** A date as logs and readers write it (`2024-03-05 14:22`), which the phone pattern would take for digits in groups. */
const DATE = /(?:19|20)\p{N}{2}-\p{N}{1,2}-\p{N}{1,2}/u;

/** Words that make up the names of spam "authors" ("Cheap Viagra", "SEO services"). */
const COMMERCIAL_NAME_WORDS = new Set(
  (
    "cheap buy best viagra cialis casino poker loan loans payday seo services service marketing agency replica " +
    "pharmacy pills escort escorts porn xxx sex dating bitcoin crypto forex discount deals shop store online " +
    "insurance essay essays writing hack hacks free money cash followers download backlink backlinks outlet sale " +
    "jasa pbn coupon coupons"
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
  /(?:cheap|buy|best|discount|outlet|replica|sale|deals?|coupons?|reviews?|shop|store|online|loans?|casino|pills|pharmacy|seo|backlinks?|essay|jerseys|viagra|cialis|training|courses?|institute|academy|classes|coaching)/;

/**
 * Phrases of the generic comment that fits any post: praise of "your site" or "this article",
 * promises to bookmark and return, thanks for "sharing". Readers write some of them too, so each
 * counts little; templates stack many. Matched on normalised text.
 */
const GENERIC_PRAISE = phrasePattern([
  "(?:great|good|nice|excellent|awesome|fantastic|wonderful|amazing|superb|informative|helpful|useful|valuable|fastidious|auspicious|pleasant|magnificent|incredible|brilliant|remarkable|outstanding|terrific|super|cool|lovely|interesting|impressive) (?:\\p{L}+ )?(?:post|article|blog|site|website|web site|weblog|write[- ]?up|piece|read|content|info|information|stuff|work|job|points?|tips|ideas|topic|posts|articles|blog post|webpage|page|layout|design)",
  "(?:your|this) (?:blog|site|website|web site|weblog|webpage|web page|blog post|articles|posts|content|writing)",
  "(?:i(?: ?(?:will|ll|have|ve|am|m))? )?(?:bookmark(?:ed|ing)?|book ?marked|saved? (?:it|this|your))",
  "(?:will|ll|gonna|going to) (?:be )?(?:back|come back|return|revisit|check back|visit (?:again|more)|share (?:this|it))",
  "keep (?:up the (?:good|great|excellent|nice|fantastic|superb) (?:work|job)|it up|(?:on )?writing|(?:on )?posting|(?:on )?sharing|rocking|them coming|the stories coming)",
  "(?:thanks|thank you|thx|appreciate(?: it)?) (?:(?:so|very) much )?(?:for|about) (?:sharing|posting|the post|the article|this post|this article|your post|the info|the information|this info|writing|putting|providing|the effort|your effort)",
  "(?:really )?appreciate (?:your|the) (?:effort|work|time|post|article|blog)",
  "(?:i )?(?:found|came across|discovered|stumbled upon) (?:your|this) (?:blog|site|website|web site|article|post|page|board)",
  "(?:i am|im|i m) (?:for the first time|new) here",
  "give something back",
  "(?:on|via|through|from) (?:google|bing|yahoo|digg|delicious)",
  "rss(?: feeds?)?|your feeds?|newsletter service",
  "(?:webmaster|blogger|blogging|blogosphere|blogroll)",
  "(?:very|really|extremely|quite|so|rattling) (?:informative|helpful|useful|interesting|well written|nice|good|pleasant)",
  "(?:well written|nicely written|well done|well explained)",
  "(?:such|this|these) (?:kind of|type of|sort of)? ?(?:info|information|content|articles?|posts?|topic|subject)",
  "(?:learn|learned|learnt) (?:a lot|lots|many|much|something new)",
  "(?:hello|hi|hey|howdy|good day) (?:there|dear|mates?|friends?|everyone|webmaster|admin|author|blogger)",
  "(?:great|good|nice) (?:job|work|stuff)",
  "(?:make|makes|made) (?:it|blogging) (?:look )?easy",
  "(?:you are|youre|you re) (?:a |an )?(?:very |really |truly )?(?:smart|bright|capable|intelligent|talented|clever) (?:person|individual|writer|man|woman)",
  "(?:browsing|looking|searching|surfing) (?:online|on line|the web|the internet|around)",
]);

/**
 * A reader who did what the post describes or asks about it: "I tried it on Sunday", "we made this
 * for Easter", "could I use mutton instead?". Praise next to it is a reader's, and counts half.
 */
const ENGAGED =
  /(?<![\p{L}\p{N}])(?:(?:i|we) (?:(?:have|had|am|are|m|re|will|ll|just|also|finally|already) )?(?:tried|trying|made|making|cooked|baked|built|used|using|installed|followed|did|tested|testing|piloted|piloting|ran|running|switched|moved|started|adopted|will make|will try|going to make|going to try)(?![\p{L}\p{N}])|(?:could|can|should|would|do|does|did|is|are) (?:i|we|you|it|this|they) [^?]{3,80}\?)/u;

/**
 * Questions about the blog itself rather than its post: its theme, platform, host, spam, speed.
 * What spam templates ask to look like a reader. Under a post about blogs and their platforms
 * (`PLATFORM_TOPIC`) such a question is on topic, unless it is about this very blog (`THIS_BLOG`).
 */
const PLATFORM_QUESTION = phrasePattern([
  "(?:what|which) (?:blog |blogging |website |web |site |wordpress |free |paid |premium )?(?:theme|template|platform|host|hosting|plugin|cms)",
  "(?:theme|template|layout|blog platform|blogging platform) (?:are you using|you are using|do you use|is this)",
  "platform (?:are you using|you are using|do you use) for (?:your|this) (?:blog|site|website|web site)",
  "(?:are you using|do you use|did you use) (?:wordpress|blogger|joomla|drupal|tumblr|typepad|a free|a paid|a custom)",
  "(?:is this|is that) (?:a )?(?:paid|free|custom) (?:theme|template)",
  "(?:design(?:ed)? (?:this|it) yourself|hire (?:someone|a designer|out a designer))",
  "(?:blog|site|website) (?:loads|loading) (?:very |really |so )?(?:fast|quickly|slow)",
  "(?:loading speed|load time|loading pace)",
  "(?:spam|hackers?) (?:comments|problem|issues|protection)",
  "(?:guest post|guest posts|link exchange|exchange links|trade links)",
  "(?:start(?:ing)? (?:my|a) own blog|new to blogging|starting a blog)",
  "how (?:can|could) we communicate",
  "(?:template|theme)/(?:theme|template)",
  "(?:browser compatibility|internet explorer|text is running off)",
]);

/** Words of a page title about running a blog, under which a question about the platform is on topic. */
const PLATFORM_TOPIC =
  /^(?:wordpress|ghost|blogger|joomla|drupal|tumblr|squarespace|wix|substack|hugo|jekyll|themes?|templates?|plugins?|host|hosting|cms|blogs?|blogging|websites?)$/u;
/** A comment speaking of the blog it is posted on, as templates do: "your blog", "this site", "off topic". */
const THIS_BLOG = phrasePattern([
  "(?:your|this|ur) (?:blog|weblog|site|website|web site|webpage|web page)",
  "off topic",
]);

/**
 * Text written as spintax, `{Hello|Hi} there, {nice|great} post`, that a spam tool forgot to fill
 * in: alternatives of plain words, so a regex or a code sample is not taken for it. Two groups at
 * least count.
 */
const SPINTAX = /\{[\p{L}\p{N} ,.'!?’-]{1,60}(?:\|[\p{L}\p{N} ,.'!?’-]{0,60}){1,30}\}/gu;

/**
 * Spintax a spam tool flattened, every alternative written out with no space between them ("I
 * thinkI feelI believe", "BecauseSinceAsFor the reason"): a lower-case letter followed at once by a
 * capitalised word a sentence starts with. Two at least count; identifiers in code ("getItem",
 * "forEach") do not end where such a word does.
 */
const FLATTENED_SPINTAX =
  /\p{Ll}(?:I|The|This|That|What|Hello|Hi|Hey|It|My|We|You|Your|Since|As|For|Because)(?=[\s’'.,!?;:]|\p{Lu}|$)/gu;

/**
 * Sentences of the comment templates that spam tools have posted on blogs for years, and that
 * readers do not write: "you just received a new reader", "my admiration for your generosity
 * giving support to individuals who", "well-aware men and women on this area", "content material",
 * "saved to fav". Matched on the words of the text (`proseWords`), so hyphens and apostrophes
 * do not matter.
 */
const SPAM_TEMPLATE = phrasePattern([
  "(?:just|simply) (?:received|won|got|gained) (?:a |an )?(?:brand |emblem |logo )?new reader",
  "(?:admiration|respect|appreciation|gratitude|affection|passion) for your (?:kindness|generosity|kind heartedness)",
  "(?:giving support to|support to|supporting those|in support of those) (?:individuals|people|persons|men and women|folks) (?:who|that)",
  "well (?:aware|informed|educated|advised|qualified|versed) (?:men|women|people|individuals|visitors|persons)",
  "(?:educative|educational|informative) (?:and|also|as well as) (?:entertaining|amusing|engaging)",
  "wasting my time (?:here )?(?:at|on the|on) (?:web|net|internet)",
  "(?:relief|reduction) to (?:find|seek out|discover|search out) someone",
  "content material",
  "internet site",
  "web ?log",
  "web blog",
  "indited",
  "precisely the (?:correct|right|proper) (?:data|info|information)",
  "saved to (?:fav|favs|favorites|favourites|my bookmarks)",
  "(?:fastidious|auspicious) (?:\\p{L}+ )?(?:paragraph|post|article|piece|writeup|write up|blog|site|information|data|discussion|views?|opinion)",
  "(?:holder|owner) of (?:this|that) (?:site|website|web site|blog|web page)",
  "(?:the )?new zune|zune (?:marketplace|browser|hd)",
  "rhapsody as an app",
  "grab your favou?rite (?:earphones|headphones)",
  "app store wins by a mile",
  "my (?:spouse|wife|husband) and i (?:got|were|have been) (?:so |now |really )?(?:delighted|cheerful|happy|joyful|ecstatic) (?:that|when)",
  "(?:say|says|said) (?:that )?i am wasting my time",
  "(?:someone|somebody|people|individuals?) (?:who|that) (?:truly |really |actually |genuinely )?(?:knows?|understands?) what (?:they|he|she) (?:are|re|is|s) (?:talking|speaking) about",
  "(?:managed to|could) (?:finish|finish off|finish up|complete|conclude|round up|deal with) his (?:\\p{L}+ )?(?:research|researching|investigation|investigations|homework|survey|reports?|analysis|studies)",
  "(?:always|constantly|continuously|continually) (?:looking|searching|browsing|investigating|invstigating) online for (?:tips|posts|articles|ideas|information)",
  "(?:leave|depart) your (?:website|web site|site|blog|web page) (?:prior to|before) suggesting",
  "(?:a person|an individual) (?:provide|supply|offer) (?:to|on|for|in) your (?:visitors|guests)",
  "(?:glad|happy|satisfied|pleased) to peer your",
  "(?:lend a hand|help|assist) to make (?:seriously|critically|significantly) (?:articles|posts)",
  "frequented your (?:web ?page|website|web site|site|blog)",
  "the posts are (?:too|very) (?:short|brief|quick) for (?:newbies|starters|novices|beginners)",
  "still learning from you (?:while|as) (?:i m|i am|im) (?:trying|making)",
  "(?:bailing me out of|rescuing me from) (?:such|this|that|a|the) (?:\\p{L}+ ){0,2}(?:incident|setting|challenge|problem|situation|condition|scenario|difficulty|predicament|matter|instance|circumstance)",
  "(?:little )?bit of word|(?:tiny|very small) (?:remark|observation)|jot down a (?:\\p{L}+ )?remark",
  "(?:ended|end) my (?:\\p{N}+|two|three|four|five) (?:day|days) (?:lengthy|long) hunt",
  "(?:grab|seize|grasp|clutch|take hold of) your rss (?:feed )?as i can",
  "(?:encounter|experience) my (?:wife s |wife )?(?:child|daughter|son|kid)",
  "i (?:and|and also|as well as|together with|in addition to|along with) my (?:buddies|guys|pals|friends|mates)",
  "(?:regards|appreciate it) for (?:helping out|posting|the post|putting up|information|your efforts|entropy)",
  "(?:composed|written|pent) (?:subject material|subject matter)|thanks for selective information",
  "(?:market|marketplace) (?:leader|chief) and a (?:large|big|huge|good) (?:element|part|component|section|portion)",
  "(?:keep|maintain) up the (?:excellent|good|great) operate",
  "(?:shame|disgrace) on the (?:seek|search) engines",
  "you used to write (?:\\p{L}+ )?but the (?:last|past) (?:few|several|couple of) posts",
  "smiling visitor here to share the love",
  "loved as much as you (?:ll|will) receive carried out",
  "(?:web ?site|site|blog) possessor",
  "(?:surfing|browsing) (?:on line|online|the web|the internet) (?:more than|over) (?:three|3|two|2) hours",
  "(?:the place|where) else (?:could|may|can) (?:i|anyone|anybody) (?:am )?(?:get|getting) that (?:kind|type) of",
  "(?:hello|hi|hey) my (?:family member|loved one)",
  "visited my (?:blog|site|website|web site) so i came to return the (?:favor|favour)",
  "(?:writing|commenting) to (?:make|let) you (?:know|understand|realize|be aware) of the",
  "like what you guys are (?:up|usually up) (?:also|too)",
  "(?:neat|nice|good|great) post there (?:is|s) (?:a problem|an issue)",
  "keep (?:functioning|working) (?:great|fantastic|splendid|superb|wonderful|impressive|excellent) job",
  "dead pent|rattling (?:well|good|great|nice|fantastic|superb|excellent|informative)",
  "(?:smartly|neatly) (?:liked|appreciated|preferred|favored|favoured)",
  "how you (?:are|re) (?:not|no longer|now not) (?:really |actually )?(?:much|a lot) more (?:well|smartly|neatly)",
  "did a search on the (?:issue|topic|subject)",
  "(?:looked|appeared) on the (?:internet|web) for the (?:issue|topic|subject)",
  "(?:people|folks|guys|individuals|persons) will (?:agree|approve|consent|go along|have the same opinion|associate) with (?:with |along with )?your (?:blog|site|website|web site)",
  "make it (?:seem|appear) (?:so |really )?easy (?:with|along with|together with) your presentation",
  "(?:arena|sector|world) hopes for (?:even )?more passionate writers",
  "(?:percentage|proportion|share) we (?:keep|communicate|be in|stay)",
  "your (?:article|post) on aol",
  "(?:expert|specialist) (?:in|on) this (?:house|space|area) to (?:solve|resolve|unravel)",
  "(?:effective|practical|helpful) for (?:correct|accurate|proper) planning",
  "(?:visibly|perceptibly|noticeably) a (?:bunch|bundle|lot) to (?:identify|realize|realise|know)",
  "points in features also",
  "you are a very (?:smart|bright|capable) (?:person|individual)",
  "(?:aided|helped) me out loads",
  "what s (?:going down|happening) i m new to this",
  "(?:in the absence of|without) (?:the entire|those|these|the actual|the) (?:hints|points|tactics|solutions|secrets|tips|ideas|pointers) (?:contributed|provided|shared|revealed|discussed|documented) by you",
  "talking approximately",
  "consult with my (?:site|web site|website|blog)",
  "say thanks a lot for",
  "(?:beneficial|supportive|useful|valuable|helpful) to (?:anyone|everyone|anybody) who (?:utilizes|utilises|employs|employess|usess|uses) it",
  "spot (?:lets start on|on with) this write up",
  "(?:meant|supposed) to be shared (?:across|around) the (?:net|web|internet)",
  "(?:tournament|contest|competition) for (?:starters|one of the) (?:with )?the (?:finest|best|greatest|highest quality) blogs",
  "absent for (?:some time|a while) but now i remember why i used to love",
  "(?:thought|think) it was getting boring but the last",
  "where to (?:employ|hire|get|find) (?:some )?(?:professional|expert) writers",
  "looks (?:exactly|just) like my old one",
  "just right webmaster|loading velocity",
  "apprentice while you amend",
  "(?:website|site|web site) style is (?:perfect|ideal|great)",
  "(?:wanna|want to) (?:remark|comment) on (?:some|few) general things",
  "(?:should|must) (?:certainly|definitely) pronounce",
  "your stuff previous to",
  "accidental misinformation",
  "chance to read (?:articles|critical reviews) (?:and blog posts )?from (?:here|this website|this site|this blog)",
  "(?:went on|posted on) reddit to share some of the love",
  "like you wrote the book in it|you appear to know so much about this",
  "(?:your|the) blog ate my first comment",
  "make any plugins to (?:help|assist|safeguard|protect)",
  "get my blog to rank for some targeted keywords",
  "easy on the eyes which makes it much more enjoyable",
  "considered about (?:including|adding) a little bit more than just your articles",
  "same old rehashed (?:material|information|content)",
  "(?:this|the) post could not be written any better",
  "reminds me of my (?:previous|old) room ?mate",
  "log on to your new stuff",
  "the rest of the (?:site|website|web site) is (?:extremely|also really|really|very) good",
  "could have sworn (?:i ve|i have) been to this (?:website|site|blog|web site) before",
  "(?:someone|somebody) in my (?:facebook|myspace|myspace) group shared this (?:website|site|blog)",
  "(?:share|shared) your (?:blog|site|website) with my (?:myspace|facebook) group",
  "one s marvelous posting",
  "added agreeable from you",
  "in accession capital to assert",
  "checking continuously this (?:blog|site|website)",
  "peaked my interest",
  "little changes that make the (?:largest|biggest|most significant|most important) changes",
  "how long have you been blogging for",
  "became aware of your (?:blog|site|website|web site) (?:through|via) (?:google|bing|yahoo)",
  "watch out for brussels",
  "quote a (?:few|couple) of your (?:articles|posts) as long as i provide credit",
  "i needs to spend some time learning (?:much )?more",
  "(?:i|im|i m) going to come back (?:once again|yet again) since i (?:book ?marked|bookmarked|have bookmarked|saved as a favorite) it",
  "(?:text|words) in your (?:post|article|content) seem to be running off the screen",
  "need some guidance from an established blog",
  "widgets? i could add to my blog that automatically tweet",
  "finally got the (?:courage|bravery) to go ahead and give you a shout out",
  "write more thats all i have to say",
  "(?:was|were) (?:suggested|recommended) this (?:website|web site|blog|site) by my cousin",
  "nobody else know such detailed about my (?:difficulty|problem|trouble)",
  "shame you don t have a donate button",
  "(?:how|tips on how) to get listed in yahoo news",
  "simply (?:desire|wish|want) to say your article is as (?:astonishing|amazing|surprising)",
  "(?:undeniably|definitely) believe that which you (?:said|stated)",
  "your favou?rite (?:justification|reason) (?:seemed|appeared) to be on the (?:internet|web|net)",
  "(?:extremely|very|really) impressed with your writing skills (?:as well as|and also|and) with the layout",
  "(?:is this|is that) a paid (?:theme|subject|topic) or did you (?:modify|customize) it yourself",
  "(?:suggested|recommended) i might like this (?:web site|website|blog|site) (?:he|she) (?:was|used to be) (?:entirely|totally) right",
  "something (?:totally|entirely|completely) new and challenging on (?:blogs|sites|websites) i stumbleupon",
  "usually i do not read (?:article|post|posts|articles) on blogs however i (?:wish|would like|want) to say",
  "(?:exploring|browsing|searching) for a (?:little|bit|little bit) for any high(?:[ -]quality)? articles",
  "i ll bookmark your (?:site|blog|website) and take the feeds",
  "we(?: re| are) a (?:group|bunch|gaggle) of volunteers and (?:starting|opening) a (?:new|brand new) scheme",
  "i just wrote an (?:really|extremely|incredibly) long comment but after i clicked submit",
  "found your (?:web site|website|site|blog) (?:via|by way of|by means of|through) google (?:while|at the same time as) (?:looking|searching) for a (?:related|similar|comparable) topic",
  "(?:having a tough time|having trouble|having problems) locating it but i d like to (?:send|shoot) you an (?:email|e mail)",
  "if some one (?:desires|wants|needs|wishes) (?:expert|to be updated|to get updated)",
  "pay a quick visit this (?:website|web site|blog|site|web page)",
  "hurrah (?:that s what i was (?:looking|searching|exploring) for|finally i got a (?:web site|website|blog|webpage))",
  "from where i (?:be able to|can|may) (?:really |actually |genuinely )?(?:get|obtain|take) (?:valuable|helpful|useful) (?:information|data|facts)",
]);

/**
 * A famous quotation signed with its author's name as the comment's last words ("… regards.
 * “Time is money.” by Benjamin Franklin."): spam tools append one so that each copy of a template
 * reads differently. A reader quoting someone names them in the sentence, or after a dash.
 */
const SIGNED_QUOTE_AT_END = /[“"][^“”"]{8,300}[”"]\s*by\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\.?\s*$/u;

/** Words a keyword tail is not made of: those that make a fragment a sentence. */
const FUNCTION_WORDS = new Set(
  (
    "a an the i me my we us our you your he him his she her it its they them their this that these those is am are " +
    "was were be been being do does did have has had will would can could should may might must shall not no yes " +
    "to of in on at by for with from up down out off over about as so and or but if then than too very just also " +
    "again here there what who how why when where all any some more most much many one ok okay please thanks " +
    "thank lol haha love like great good nice see soon later bye cheers regards"
  ).split(" "),
);

/**
 * Link text for a name: SEO spam signs with the words it wants on the link to its website ("Click
 * here", "Continue Reading", "more about the author", "her latest blog", "go right here").
 */
const ANCHOR_NAME =
  /^(?:click here|read more|continue reading|learn more|find out more|more about the author|more info|more information|visit (?:my |our |the )?(?:site|website|web site|blog|page|homepage|web page)|(?:my|our|your|her|his|their) (?:latest |new |own )?(?:blog|site|website|web site|homepage|home page|page|blog post)|(?:go|click|look|see|check|visit) (?:right )?(?:here|this|this out|it out|there|this site|this website|this link)|additional (?:hints|info|information|reading)|discover (?:this|more|here)|(?:your|my) domain name|homepage|home page|website|web site|this site|this website|this page|official site|official website|(?:see|read|view|visit) (?:more|site|website|here|source|page|full article|the full article|the article))$/u;

const ADDRESS_IN_NAME = /(?:https?:\/\/|www\.|@|\.(?:com|net|org|info|biz|ru|io|xyz|online|site|shop|store)\b)/u;
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Runs every rule; returns the reasons that fired. */
export function checkRules(analysis: CommentAnalysis, input: RuleInput, settings: SpamSettings): Reason[] {
  return [
    ...checkLists(analysis, input, settings),
    ...checkLinks(analysis, settings),
    ...checkSolicitation(analysis),
    ...checkTemplates(analysis),
    ...checkAuthor(analysis),
    ...checkTricks(analysis),
    ...checkTrustedAuthor(input),
  ];
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

/**
 * Links: how many (not counting the site's allowed domains), how they are written, whether they
 * carry referral codes or hide behind shorteners, and whether they are all there is. From the
 * site's `linksToHold` links on, the comment is held; fewer are weak evidence that only counts
 * together with something else.
 */
export function checkLinks(
  analysis: CommentAnalysis,
  settings: Pick<SpamSettings, "allowed" | "linksToHold">,
): Reason[] {
  const reasons: Reason[] = [];
  const { links } = analysis;
  const counted = links.hosts.filter((host) => !listsDomain(settings.allowed.domains, host));
  if (counted.length > 0) {
    const detail = `${counted.length}: ${[...new Set(counted)].join(", ")}`;
    if (counted.length >= settings.linksToHold) {
      const score = Math.min(4, 1.5 + counted.length - settings.linksToHold);
      reasons.push({ check: "rules.links", score, detail, holds: true });
    } else {
      reasons.push({ check: "rules.links", score: 0.45, detail });
    }
  }
  if (links.bbcodeLinks > 0) reasons.push({ check: "rules.bbcode_link", score: 4, detail: `${links.bbcodeLinks}` });
  if (links.htmlLinks > 0) reasons.push({ check: "rules.html_link", score: 3, detail: `${links.htmlLinks}` });
  if (links.obfuscatedLinks > 0) {
    reasons.push({ check: "rules.obfuscated_link", score: 3, detail: `${links.obfuscatedLinks}` });
  }
  if (counted.length > 0 && analysis.words.length <= 1) {
    reasons.push({ check: "rules.link_only", score: 2 });
  }
  if (links.trackedLinks > 0) {
    reasons.push({
      check: "rules.tracked_link",
      score: 2,
      detail: `${links.trackedLinks} with a referral code or shortener`,
    });
  }
  if (links.emails > 0) reasons.push({ check: "rules.email_in_body", score: 1.5, detail: `${links.emails}` });
  return reasons;
}

/**
 * Self-promotion, selling and invitations to make contact: the first distinct phrase of a kind is
 * strong evidence, each further one adds less. Engagement bait ("subscribe", "share it") counts
 * only next to a link or self-promotion, where it asks readers to act on the author's behalf.
 */
export function checkSolicitation(analysis: CommentAnalysis): Reason[] {
  const text = analysis.prose;
  const reasons: Reason[] = [];
  const found = (pattern: RegExp) => distinctMatches(text, pattern);
  const bait = found(ENGAGEMENT_BAIT);
  const linked = analysis.links.hosts.length > 0;
  const introduction = distinctMatches(analysis.proseWords, SELF_INTRODUCTION);
  const promotion = distinctMatches(analysis.proseWords, SELF_PROMOTION);
  if (promotion.length > 0 || linked || bait.length > 0) promotion.push(...introduction);
  const inContext = promotion.length > 0 || linked || OPENS_WITH_BAIT.test(text.trimStart());
  const kinds = [
    ["rules.self_promotion", promotion],
    ["rules.engagement_bait", inContext ? bait : []],
    ["rules.commercial", found(COMMERCIAL)],
    ["rules.contact", found(CONTACT)],
  ] as const;
  for (const [check, phrases] of kinds) {
    if (phrases.length === 0) continue;
    reasons.push({ check, score: Math.min(8, 2 + 2 * phrases.length), detail: phrases.join(", ") });
  }
  const topics = found(SALES_TOPICS);
  if (topics.length > 0) reasons.push({ check: "rules.sales_topic", score: 0.5, detail: topics.join(", ") });
  const money = found(MONEY_WORDS);
  const handle = text.match(HANDLE)?.[0];
  if (handle !== undefined && (money.length > 0 || MONEY_HANDLE.test(handle) || found(REFERRAL_CONTEXT).length > 0)) {
    reasons.push({ check: "rules.handle_referral", score: 2.5, detail: handle });
  } else if (handle !== undefined && found(WEAK_REFERRAL_CONTEXT).length > 0) {
    reasons.push({ check: "rules.handle_referral", score: 0.45, detail: `${handle} (thanks or help only)` });
  }
  // A money word inside a sales topic ("income" in "passive income") was counted with the topic.
  const moreMoney = money.filter((word) => !topics.some((topic) => topic.includes(word)));
  if (moreMoney.length > 0) {
    const score = Math.min(0.45, 0.4 * moreMoney.length);
    reasons.push({ check: "rules.money_words", score, detail: moreMoney.join(", ") });
  }
  const phone = (text.match(PHONE_NUMBER) ?? []).find(isPhoneNumber);
  if (phone !== undefined) reasons.push({ check: "rules.phone_number", score: 4, detail: phone });
  return reasons;
}

/**
 * The shapes of templated blog spam: praise that fits any post (and shares no word with this
 * post's title), questions about the blog's theme or platform, unrendered spintax, and a tail of
 * search keywords after the last sentence.
 */
export function checkTemplates(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  const praise = distinctMatches(analysis.proseWords, GENERIC_PRAISE);
  if (praise.length > 0) {
    const onTopic = sharesTitleWord(analysis) || ENGAGED.test(analysis.prose);
    const score = (onTopic ? 0.5 : 1) * Math.min(3, 0.6 * praise.length - 0.3);
    const detail = `${praise.length} phrase${praise.length === 1 ? "" : "s"}${onTopic ? " (mentions the post's title)" : ""}: ${praise.slice(0, 4).join(", ")}`;
    reasons.push({ check: "rules.generic_praise", score: Number(score.toFixed(2)), detail });
  }
  const questions = distinctMatches(analysis.prose, PLATFORM_QUESTION);
  const onTopic = analysis.titleWords.some((word) => PLATFORM_TOPIC.test(word)) && !THIS_BLOG.test(analysis.prose);
  if (questions.length > 0 && !onTopic) {
    reasons.push({ check: "rules.platform_question", score: 1 + 0.5 * questions.length, detail: questions.join(", ") });
  }
  const templates = distinctMatches(analysis.proseWords, SPAM_TEMPLATE);
  const quote = analysis.body.match(SIGNED_QUOTE_AT_END)?.[0];
  if (quote !== undefined) templates.push(`a quotation signed at the end: ${quote.trim()}`);
  if (templates.length > 0) {
    reasons.push({
      check: "rules.spam_template",
      score: Math.min(4, 1 + templates.length),
      detail: templates.join(", "),
    });
  }
  const spintax = analysis.body.match(SPINTAX) ?? [];
  const flattened = analysis.body.match(FLATTENED_SPINTAX) ?? [];
  if (spintax.length >= 2) {
    reasons.push({ check: "rules.spintax", score: Math.min(4, 2.5 + 0.5 * spintax.length), detail: spintax[0] });
  } else if (flattened.length >= 2) {
    reasons.push({ check: "rules.spintax", score: 2.5, detail: `flattened: ${flattened.join(" ")}` });
  }
  const tail = keywordTail(analysis.body);
  if (tail !== undefined) reasons.push({ check: "rules.keyword_tail", score: 1.5, detail: tail });
  return reasons;
}

/**
 * The author's name and website: a name that is an address ("www.x.com"), made of commercial
 * keywords ("Cheap Viagra") or of topic words instead of a person's name ("Health & Fitness"); a
 * website whose host is made of selling words; and a website given with a comment that links
 * nowhere, which is how SEO spam links itself (weak alone: many readers have blogs).
 */
export function checkAuthor(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  const selling = [...distinctMatches(analysis.name, COMMERCIAL), ...distinctMatches(analysis.name, SALES_TOPICS)];
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

/** Spelling tricks that only hide words from filters: look-alike letters, zero-width characters, no visible text. */
export function checkTricks(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  if (analysis.mixedScriptWords > 0) {
    reasons.push({ check: "rules.homoglyphs", score: 2.5, detail: `${analysis.mixedScriptWords} words` });
  }
  if (analysis.zeroWidthInsideWord) reasons.push({ check: "rules.zero_width", score: 2.5 });
  if (analysis.stylisedLetters >= STYLISED_LETTERS_FOR_TRICK) {
    reasons.push({ check: "rules.stylised_letters", score: 1.5, detail: `${analysis.stylisedLetters} letters` });
  }
  if (!VISIBLE.test(analysis.text)) reasons.push({ check: "rules.invisible", score: 1, holds: true });
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

/** Whether the comment uses a word of its page's title (of four letters or more, not a joining word). */
function sharesTitleWord(analysis: CommentAnalysis): boolean {
  const title = new Set(analysis.titleWords.filter((word) => word.length >= 4 && !FUNCTION_WORDS.has(word)));
  return title.size > 0 && analysis.words.some((word) => title.has(word));
}

/**
 * A tail of search keywords after the comment's last sentence: three to five different words, none
 * a function word, no closing punctuation, after text that ends its sentences ("Really appreciate
 * your effort. cheap flats dubai"); two words are how casual readers sign off ("way cheaper", "stay
 * blessed"). Looks at the last 200 characters only.
 */
function keywordTail(body: string): string | undefined {
  const end = body.slice(-200).trimEnd();
  const cut = Math.max(end.lastIndexOf(". "), end.lastIndexOf("! "), end.lastIndexOf("? "), end.lastIndexOf(".\n"));
  if (cut <= 0) return undefined;
  const tail = end.slice(cut + 2).trim();
  if (/[.!?:;)"'’”]$/.test(tail) || /[\p{Lu}]/u.test(tail.slice(0, 1))) return undefined;
  const words = tail.toLowerCase().split(/\s+/);
  if (new Set(words).size < 3 || words.length > 5) return undefined;
  const plain = words.every((word) => /^[\p{L}\p{N}-]+$/u.test(word) && !FUNCTION_WORDS.has(word));
  return plain ? tail : undefined;
}

function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  return digits >= 10 && digits <= 15 && !YEARS.test(candidate) && !DATE.test(candidate);
}

/** The distinct phrases a global pattern finds in the text, in order of first appearance. */
function distinctMatches(text: string, pattern: RegExp): string[] {
  return [...new Set(text.match(pattern) ?? [])];
}

function phrasePattern(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

function commentHosts(analysis: CommentAnalysis): string[] {
  const hosts = [...analysis.links.hosts];
  if (analysis.emailDomain !== undefined) hosts.push(analysis.emailDomain);
  if (analysis.websiteHost !== undefined) hosts.push(analysis.websiteHost);
  return hosts;
}

/** True when the host is a listed domain or one of its subdomains. */
function listsDomain(list: readonly string[], host: string): boolean {
  return list.some((entry) => {
    const listed = hostOf(entry);
    return listed !== "" && (host === listed || host.endsWith(`.${listed}`));
  });
}

function listsEmail(list: readonly string[], email: string): boolean {
  return list.some((entry) => entry.trim().toLowerCase() === email);
}
