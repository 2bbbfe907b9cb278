/**
 * Self-promotion, selling and invitations to make contact: the phrases spam uses to send readers
 * elsewhere, and the context that tells them from a reader's own words.
 */
import type { CommentAnalysis } from "../analysis";
import { isReferenceHost } from "../links";
import type { Reason } from "../verdict";
import { distinctMatches, phrasePattern } from "./phrases";

/** Where a sentence starts: at the start of the comment, or after a full stop, "!" or "?" and a space. */
const SENTENCE_START = "(?<=^|[.!?] )";

/**
 * Self-promotion that says so itself: inviting readers to the author's own channel, site or
 * profile, or to a link. Fires wherever it appears.
 */
const SELF_PROMOTION = phrasePattern([
  "(?:check(?: out)?|go check|visit|watch|listen to|see|read|take a look at|look at|go to|subscribe to|sub to|follow) (?:my|our) (?:[\\p{L}]+ ){0,2}(?:channel|chanel|chhanel|page|blog|website|site|profile|bio|account|store|shop|music|songs?|tracks?|beats|raps?|covers?|remix(?:es)?|mash ?ups?|videos?|vids|vidios|work|art|stuff|content|link|posts?|playlist|album|instagram|twitter)",
  "(?:my|our) (?:new |own |little |first |latest |newest )?(?:youtube |yt |music |gaming |instagram |twitter |soundcloud )?(?:videos?|vidios|vidz|songs?|tracks?|music|mixtape|covers?|parody|remix(?:es)?|mash ?ups?|vids|playlist|album|channel|chanel|chhanel|instagram|ig|tiktok|soundcloud|twitter)",
  "(?:come |go |please |pls |plz )?check (?:me|us) out",
  "(?:i|we) (?:just )?(?:made|started|created|opened) (?:(?:a|an) (?:new )?(?:youtube|gaming|music)|(?:my|our) (?:own |new )?(?:youtube |gaming |music )?) ?channel",
  // Not the idiom "follow me on this": where to follow, not what.
  "follow (?:me|us) (?:on|at)(?! (?:this|that|it)(?![\\p{L}\\p{N}]))",
  "(?:i am|im|i m) (?:a|an) (?:new |small |young |upcoming |aspiring |\\p{N}+ (?:yr|year) old )?youtuber",
  "sub (?:to )?(?:me|my)",
  "(?:please |plz |pls |come )?su(?:bs|b|s)c?ri[bp]e? (?:to |for |on )?(?:me|my|us|our)",
  "(?:please|plz|pls|come) su(?:bs|b|s)c?ri[bp]e",
  "(?:check out|take a look at|look at|watch) (?:this|my|our) (?:video|channel|song|track|vid|playlist|page) on (?:youtube|instagram|tiktok|facebook)",
  "(?:sub(?:scribe)?|like|follow) ?(?:4|for) ?(?:sub(?:scribe)?|like|follow)",
  "click (?:here|(?:on )?the link|(?:on )?my (?:name|profile))",
  "link (?:is )?in (?:my )?(?:bio|profile)",
  "(?:feel free to surf to|look into|stop by|have a look at) my (?:web ?site|web ?page|homepage|home page|blog post|site|weblog|blog)",
  // A business sending readers to itself: "visit our clinic", "join our tour", "download my presets".
  "(?:visit|join|book|download|try|order from|call|contact|hire) (?:my|our) (?:\\p{L}+ ){0,2}(?:clinic|tours?|agency|company|salon|studio|firm|office|cent(?:er|re)|courses?|app|presets|e ?books?|products?|services|academy|restaurant|hotel|store|shop|attorneys|lawyers|experts)",
  "check (?:out )?our (?:gallery|portfolio|catalogue|catalog|range|prices|price list) and get a (?:free )?quote",
  "(?:заходите|переходите) на (?:наш|мой) сайт",
  "(?:reach|get|hit|gain) \\p{N}+ (?:subs|subscribers|followers)",
  "(?:i|we) (?:have|ve got|got|m at|am at) (?:\\p{N}+|over \\p{N}+|almost \\p{N}+) (?:subs|subscribers|followers)|(?:a |an )?(?:rapper|singer|artist|producer|youtuber|channel) with (?:over )?\\p{N}+ (?:subs|subscribers|followers)",
]);

/**
 * The sign-off of WordPress spam before the link it leaves ("my web site: …", "Here is my homepage:"),
 * matched with its colon, which the words alone (`SELF_PROMOTION`) do not keep.
 */
const LINK_SIGN_OFF = phrasePattern([
  "(?:my|here is my) (?:web ?site|web-site|web ?page|homepage|home page|blog post|weblog) ?:",
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
 * What follows "subscribe", "share" or "follow me" when a reader names a part of the page
 * ("Subscribe button doesn't work"), recommends someone else's ("Subscribe to their newsletter", "to
 * the JR East newsletter") or asks to be followed in an argument ("Follow me on this: …"), not an
 * order.
 */
const NOT_AN_ORDER =
  "(?: (?:button|link|form|box|field|option|feature|page|popup|icon|menu|email)s?| to (?:their|his|her)| to the (?:[\\p{L}\\p{N}]+ ){0,3}(?:newsletter|mailing list|podcast)| on (?:this|that|it))(?![\\p{L}\\p{N}])";

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

/**
 * An amount earned or made ("made $5k", "earn 300 dollars"): a scam's promise when a short period
 * follows (`COMMERCIAL`: weekly, daily), a reader's salary talk as often (`SALES_TOPICS`: monthly).
 */
const EARNED_AMOUNT =
  "(?:earned|made|earn|make) (?:over |up to |about )?\\$? ?\\p{N}[\\p{N},.]*k? ?(?:\\$|usd|dollars|btc)?";

/** Selling and money-making offers. */
export const COMMERCIAL = phrasePattern([
  "free (?:downloads?|gifts?|iphones?|money)",
  "(?<!(?:never|not|don[’' ]?t|stop) )(?:buy|need) (?:more )?(?:youtube |instagram |real )?(?:subscribers|followers)",
  "limited offer",
  "viagra",
  "cialis",
  "seo services",
  "(?:buy|cheap|best|discount|replica|wholesale) [\\p{L}]+ (?:online|for sale|uk|usa|outlet)",
  "(?:louis vuitton|michael kors|ray ban|oakley|ugg|nike|jordans?) (?:outlet|sale|cheap|online|bags?|shoes|boots)",
  "replica (?:watches|bags|handbags)",
  "garcinia cambogia",
  "cbd (?:oil|gummies)",
  "essay (?:writing|writers?|service|help)",
  "write my essay",
  "do my (?:homework|assignment|essay|coursework) for me",
  "plagiarism free|(?:assignments?|essays?|homework|dissertations?) (?:written|done) by",
  "betting tips|(?:sure|fixed|vip) (?:\\p{L}+ )?(?:odds|tips|matches)|join our vip",
  "heal naturally with|detox (?:program|programme|tea|cleanse)|100 ?% (?:results|guaranteed|legit|working)",
  // Orders at the start of a sentence: "Buy Google reviews …", "Buy the best composter on Amazon".
  // Not a reader's "brands that buy Google reviews" or "never buy followers".
  `${SENTENCE_START}buy (?:(?:\\p{L}+ ){0,3}(?:reviews|accounts|likes|views|followers|subscribers|upvotes|backlinks)|(?:the |our )?(?:best|cheapest))`,
  "try (?:our|my) \\p{L}+(?: \\p{L}+){0,3} (?:for )?free|no credit card (?:needed|required)",
  "claim (?:your )?(?:free )?(?:\\$?[\\p{L}\\p{N}]+ )?(?:airdrop|tokens)|connect (?:your )?wallet",
  "become a mystery shopper|get paid \\$? ?\\p{N}+ (?:per|for each|for every) (?:assignment|task|survey|review)",
  "online (?:pharmacy|casinos?|betting|gambling)",
  "male enhancement",
  "slot (?:online|gacor)",
  "judi (?:online|slot|bola)",
  "(?:binary )?options trading",
  "(?:recovery|bitcoin|crypto) (?:expert|hacker|recovery)",
  "(?:hire|contact) (?:a )?hacker",
  "invest(?:ed|ing|ment)? (?:with|in) (?:him|her|them|@)",
  "(?:trading|investment) (?:mentor|expert|strategy|signals?)",
  `${EARNED_AMOUNT} (?:weekly|daily|a week|per week|every week)`,
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
  // SEO outreach, dating sites, diet pills sold as a reader's story.
  "(?:isn t|is not|aren t|not) ranking (?:for|on) (?:some |any |certain |your )?(?:important |relevant |main )?keywords",
  "(?:get|rank|put|bring) (?:your (?:website|site|blog|business) )?(?:on|to) (?:the )?(?:first|1st) page of google",
  "(?:reply|contact us|email us|message us|dm us) for a free (?:quote|audit|consultation|seo audit)",
  "(?:hot|sexy|horny|lonely|local) (?:singles|girls|women|milfs) (?:in your (?:area|city|town)|near you|are waiting)",
  "(?:keto|cbd|slimming) (?:\\p{L}+ )?(?:gummies|capsules|pills|drops)",
  "get yours (?:here|now|today)",
  // Spy apps and local services touting for business under any post.
  "(?:spy|stealth) (?:app|apps|software)|(?:phone|whatsapp) (?:spy|hacking)",
  "(?:monitor|track|spy on|read) (?:your )?(?:\\p{L}+ )?(?:kids|children|partner|spouse|wife|husband|girlfriend|boyfriend)(?: s)? (?:phone|phones|messages|texts|whatsapp) (?:secretly|remotely)",
  "(?:are you|r u) looking for (?:an? |the )?(?:best |affordable |cheap |professional |reliable |top )?(?:\\p{L}+ ){0,2}(?:services?|installation|installers?|company|companies|contractors?|agency|photographers?|lawyers?|attorneys?|dentists?|plumbers?|electricians?|movers|removals) (?:in|near)",
  "get (?:a|your) free (?:quote|estimate|consultation) (?:today|now)",
  "(?:get in touch|contact us|call us|email us|message us)(?: today| now)? for a (?:free )?(?:quote|estimate|consultation)",
  "limited (?:seats|spots|places|stock) (?:left|available)?|book (?:online )?(?:now|today)(?! for)",
  `${SENTENCE_START}(?:order|buy|shop) (?:online )?(?:now|today)(?= ?[!.]|$)`,
  "get (?:it|them|one) here ?:",
  "(?:get|win) you the compensation you deserve",
  "no human verification|free (?:v ?bucks|robux|gems|diamonds|coins) (?:generator|hack)",
  "(?:we|i) (?:provide|offer|deliver) (?:\\p{L}+ ){0,4}services (?:in|across|at affordable|at reasonable)",
  // A business's own pitch: what it sells, with the adjective that sells it, or at what price.
  "(?:we|our (?:\\p{L}+ ){0,2}(?:store|shop|company|agency|team|clinic|firm|site|website)) (?:offer|offers|provide|provides|sell|sells|deliver|delivers|supply|supplies) (?:\\p{L}+ ){0,2}(?:premium|professional|affordable|cheap|quality|high quality|top quality|certified|wholesale|discounted|reliable|commercial|industrial|the best|the cheapest)",
  "at (?:wholesale|unbeatable|affordable|reasonable|competitive|the lowest) (?:prices|rates)",
  "(?:build|develop|create|make) an app like (?:uber|airbnb|tinder|netflix|whatsapp|gojek|instagram|tiktok)|(?:uber|airbnb|tinder|gojek|netflix) clone",
  "(?:enrol|enroll|order|book|sign up|shop|register|apply) (?:now|today) (?:and|to) (?:get|save|receive|enjoy)",
  // German and Indonesian: loans without a credit check, potency pills, gambling sites, SEO for hire.
  "kredite? ohne schufa|sofortkredite?",
  "obat (?:kuat|aborsi|pembesar|pelangsing)",
  "(?:situs|agen|bandar) (?:slot|judi|togel|bola|casino)|togel (?:online|hari ini|sgp|hk)",
  "jasa (?:seo|backlink|pbn)",
  // Russian blog spam: diplomas and licences to buy, cheap with delivery, free downloads, loans,
  // prostitutes, website promotion ("купить диплом недорого с доставкой"). Not "где купить?", a
  // reader's "where can I buy it?".
  "купить (?:\\p{L}+ ){0,3}(?:недорого|дешево|дёшево|онлайн|в москве|в спб|с доставкой|без предоплаты)",
  "купить (?:диплом|аттестат|права|справку|больничный|аккаунты?|ссылки|отзывы|подписчиков)\\p{L}*",
  "недорого с доставкой",
  "оптом|по низким ценам|доставка по всей (?:россии|стране)",
  "скачать (?:\\p{L}+ ){0,3}бесплатно",
  "(?:микро)?займ\\p{L}* (?:онлайн|на карту|без отказа|без проверки)",
  "проститутк\\p{L}*|индивидуалк\\p{L}*",
  "(?:продвижение|раскрутка|прогон) сайт\\p{L}*|хрумер\\p{L}*|xrumer",
  "заработ\\p{L}* в интернете",
  // The training institutes that sign tutorial blogs' comments ("AWS training in Bangalore").
  "(?:online )?(?:training|course|courses|classes|coaching|certification|institute|academy) (?:in|at|near) (?:chennai|bangalore|bengaluru|hyderabad|pune|noida|delhi|mumbai|kolkata|gurgaon|gurugram|coimbatore|kochi|velachery|marathahalli|ahmedabad|jaipur|chandigarh|lucknow|indore|nagpur)",
]);

/**
 * Selling in Chinese, Japanese and Korean, written without spaces so not matched as whole words:
 * replicas ("高仿", "スーパーコピー", "ブランドコピー"), fake invoices and certificates, gambling
 * ("博彩", "百家乐", "카지노", "바카라", "토토사이트"), surrogacy, escort massage ("출장안마"),
 * dating sites ("出会い系") and the messenger IDs these comments end with ("加微信", "微信：abc123").
 */
export const COMMERCIAL_CJK =
  /高仿|精仿|代开发票|办证|博彩|娱乐城|百家乐|六合彩|时时彩|网上赌场|代孕|刷单|裸聊|援交|网赚|スーパーコピー|ブランドコピー|コピーブランド|出会い系|激安通販|카지노|바카라|토토사이트|먹튀|출장안마|출장마사지|슬롯사이트|加(?:微信|威信)|(?:微信|威信|(?<![a-z])qq|카톡|카카오톡)[:： ]*(?=[a-z0-9_-]*\p{N})[a-z0-9_-]{5,}/gu;

/**
 * The parts of a business's pitch, whatever it sells: the business speaking of its offer ("our
 * dog food", "we build"), an order that opens a sentence ("Order today.", "Call us"), and a deal
 * ("20% off", "free shipping", "first lesson free"). Readers use each part ("our shop", "Get
 * fitted at a running shop", "I got mine for £30"); a pitch has two of them (`checkSolicitation`).
 */
const PITCH_PARTS: readonly RegExp[] = [
  phrasePattern([
    "our (?:[\\p{L}-]+ ){0,3}(?:store|shop|boutique|nursery|warehouse|farm|site|website|company|agency|clinic|salon|studio|workshop|cent(?:er|re)|accountants|attorneys|lawyers|advisors|advisers|consultants|specialists|services?|products?|kits?|gels|supplements|blends|builder|courses?|classes|lessons|app|tool|platform|software|extension|plugin|engine|program|programme|experts|writers|tutors|range|collection|gallery|catalog|catalogue|deals?|offers?)",
    "(?:we|i) (?:offer|provide|sell|stock|ship|build|supply|deliver|install|repair|edit|design|coach|tutor|specialize in|specialise in|teach)",
    "(?:are you|r u) (?:looking for|struggling with|tired of|in need of)|(?:is|are) your (?:\\p{L}+ ){1,2}(?:running slow|slow|broken|not working)",
    "(?:now|back) in stock",
  ]),
  phrasePattern([
    `${SENTENCE_START}(?:buy|order|book|call|contact|visit|get|try|join|download|shop|apply|sign up|enroll|enrol|grab|claim|hire|rent|register|message|dm|whatsapp|text)`,
    "(?:visit|call|contact|email|message|text) us",
    "sign up (?:now|today|free|here)|join (?:free|now|today)|ask me how(?! to)",
    "download (?:\\p{L}+ ){1,2}(?:now|today)",
    "order (?:it |yours |now |today )?(?:on|from|at) (?:amazon|ebay|etsy|our|my)|order yours",
    "send us your",
    "записывайтесь|звоните|заказывайте",
  ]),
  phrasePattern([
    "\\p{N}+ ?% (?:off|back|cashback|discount)|up to \\p{N}+ ?%",
    "no[ -]obligation|no experience (?:needed|required|necessary)|with every order|free (?:samples?|gifts?)(?: pack)?",
    "(?:free|fast|next day) (?:shipping|delivery)|next day delivery",
    "(?:lowest|best|great|unbeatable|affordable|reasonable|warehouse|wholesale|trade|factory) (?:prices?|rates)",
    "(?:discount|promo|coupon) code|new customers (?:get|save)",
    "(?:from|only|just) [$£€] ?\\p{N}+",
    "(?:first|1st) (?:lesson|session|consultation|class|month) (?:is )?free",
    "free (?:quotes?|estimates?|trial|consultation|lesson|demo|webinar|masterclass|sample|returns)|free forever",
    "(?:use|with) (?:the )?code [\\p{L}\\p{N}]*\\p{N}[\\p{L}\\p{N}]*|early bird (?:discount|price|offer)",
    "\\p{N}+ ?(?:hour|day) turnaround|первое занятие бесплатно",
    "same day (?:fix|repair|service|delivery|dispatch)|no fix no fee",
    "(?:shipped|delivered|dispatched) (?:in|within) \\p{N}+ ?(?:h|hours|days)",
    "best (?:\\p{L}+ ){1,3}on the market",
  ]),
];

/**
 * What is sold, but also what readers talk about: a promo code or a free trial they ask about, the
 * pharmacy they bought it at, the casino near their hotel, their account manager, passive income as
 * a myth. Weak in a comment: alone it holds nothing, and it is no signal for a spam verdict, but it
 * adds to other evidence. In an author's name, as strong as `COMMERCIAL`.
 */
export const SALES_TOPICS = phrasePattern([
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
  "казино",
  "ставки на спорт",
  "pharmacy",
  "(?:sports )?betting",
  "account manager",
  "(?:trading|investment) platform",
  `${EARNED_AMOUNT} (?:monthly|a month|per month)`,
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
  "пишите (?:в|на) (?:телеграм|вотсап|ватсап|whatsapp|telegram|личку)",
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
 * A telephone number: 10 to 15 digits after a + (`+447700900123`, `+1 (888) 555-0123`) or in groups
 * split by spaces, dashes or brackets (`(020) 7946 0958`), also at the end of a sentence or before a
 * comma, but not a plain count (`1000000000`), a decimal (`1 234.56`), a list of years
 * (`2013 2014 2015`) or a date and time (`2024-03-05 14:22`).
 */
const PHONE_NUMBER =
  /(?<![\p{L}\p{N}.,+])(?:\+\p{N}(?:[ ()-]{0,2}\p{N}){9,14}|\(?\p{N}+(?:[ ()-]+\p{N}+){1,5})(?![\p{L}\p{N}]|[.,]\p{N})/gu;

const YEARS = /^(?:(?:19|20)\p{N}{2}\D*)+$/u;

/** A date as logs and readers write it (`2024-03-05 14:22`), which the phone pattern would take for digits in groups. */
const DATE = /(?:19|20)\p{N}{2}-\p{N}{1,2}-\p{N}{1,2}/u;

/**
 * Self-promotion, selling and invitations to make contact: the first distinct phrase of a kind is
 * strong evidence, each further one adds less. Engagement bait ("subscribe", "share it") counts
 * only next to a link or self-promotion, where it asks readers to act on the author's behalf. A
 * comment with no selling phrase but two parts of a pitch (`PITCH_PARTS`) is a business's pitch.
 */
export function checkSolicitation(analysis: CommentAnalysis): Reason[] {
  const text = analysis.prose;
  const reasons: Reason[] = [];
  const found = (pattern: RegExp) => distinctMatches(text, pattern);
  const bait = found(ENGAGEMENT_BAIT);
  const { hosts } = analysis.links;
  // "Check this out: <a GitHub issue>" cites a source, it does not send readers to the author's page.
  const citesOnly = hosts.length > 0 && hosts.every(isReferenceHost);
  const linked = hosts.length > 0 && !citesOnly;
  const introduction = distinctMatches(analysis.proseWords, SELF_INTRODUCTION);
  const promotion = [...distinctMatches(analysis.proseWords, SELF_PROMOTION), ...found(LINK_SIGN_OFF)];
  if (promotion.length > 0 || linked || bait.length > 0) promotion.push(...introduction);
  const inContext = promotion.length > 0 || linked || (!citesOnly && OPENS_WITH_BAIT.test(text.trimStart()));
  const selling = [...found(COMMERCIAL), ...found(COMMERCIAL_CJK)];
  const kinds = [
    ["rules.self_promotion", promotion],
    ["rules.engagement_bait", inContext ? bait : []],
    ["rules.commercial", selling],
    ["rules.contact", found(CONTACT)],
  ] as const;
  for (const [check, phrases] of kinds) {
    if (phrases.length === 0) continue;
    reasons.push({ check, score: Math.min(8, 2 + 2 * phrases.length), detail: phrases.join(", ") });
  }
  if (selling.length === 0) {
    const pitch = PITCH_PARTS.map((pattern) => text.match(pattern)?.[0]).filter((part) => part !== undefined);
    if (pitch.length >= 2) reasons.push({ check: "rules.sales_pitch", score: 3, detail: pitch.join(", ") });
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
  // A money word inside a sales topic ("income" in "passive income") was counted with the topic; one
  // the page's title uses ("Bitcoin" under "Bitcoin ETF approval") is what the post is about.
  const moreMoney = money.filter(
    (word) => !topics.some((topic) => topic.includes(word)) && !inTitle(word, analysis.titleWords),
  );
  if (moreMoney.length > 0) {
    const score = Math.min(0.45, 0.4 * moreMoney.length);
    reasons.push({ check: "rules.money_words", score, detail: moreMoney.join(", ") });
  }
  const phone = (text.match(PHONE_NUMBER) ?? []).find(isPhoneNumber);
  if (phone !== undefined) reasons.push({ check: "rules.phone_number", score: 4, detail: phone });
  return reasons;
}

/** Whether every word of a phrase is in the page's title, a longer word by its first five letters ("invest", "Investing"). */
function inTitle(phrase: string, titleWords: readonly string[]): boolean {
  const stem = (word: string) => (word.length >= 5 ? word.slice(0, 5) : word);
  const title = new Set(titleWords.map(stem));
  return phrase.split(" ").every((word) => title.has(stem(word)));
}

function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  return digits >= 10 && digits <= 15 && !YEARS.test(candidate) && !DATE.test(candidate);
}
