/**
 * The shapes of templated blog spam: praise that fits any post, questions about the blog's theme,
 * unrendered spintax, the sentences of old comment templates, keyword tails.
 */
import type { CommentAnalysis } from "../analysis";
import type { Reason } from "../verdict";
import { distinctMatches, phrasePattern } from "./phrases";

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
 * for Easter", "Fixed mine in 20 minutes", "could I use mutton instead?". Praise next to it is a
 * reader's, and counts half.
 */
const ENGAGED =
  /(?<![\p{L}\p{N}])(?:(?:i|we) (?:(?:have|had|am|are|m|re|will|ll|just|also|finally|already) )?(?:tried|trying|made|making|cooked|baked|built|used|using|installed|followed|did|tested|testing|piloted|piloting|ran|running|switched|moved|started|adopted|fixed|planted|grew|will make|will try|going to make|going to try)(?![\p{L}\p{N}])|(?:could|can|should|would|do|does|did|is|are) (?:i|we|you|it|this|they) [^?]{3,80}\?)|(?:^|[.!?;] )(?:tried|made|baked|cooked|built|fixed|followed|installed|planted|tested) (?:it|this|mine|ours|these|them)(?![\p{L}\p{N}])/u;

/**
 * Questions about the blog itself rather than its post: its theme, platform, host, spam, speed.
 * What spam templates ask to look like a reader. Under a post about blogs and their platforms
 * (`PLATFORM_TOPIC`) such a question is on topic, unless it is about this very blog (`THIS_BLOG`).
 */
const PLATFORM_QUESTION = phrasePattern([
  "(?:what|which) (?:blog |blogging |website |web |site |wordpress |free |paid |premium )?(?:theme|template|webhost|hosting|plugin|cms)",
  // Not "what platform do you use for buying index funds?": a platform the blog is on.
  "(?:what|which) (?:(?:blog|blogging|website|web|site|wordpress|free|paid) platform|platform (?:are you|you are|do you|did you) (?:using|use|working with|the usage of)(?: for| on)? (?:your|this|the) (?:blog|weblog|site|website|web site)|platform is this(?: blog| site| website)?(?! \\p{L}))",
  // Not "which host did you stay with?": a host of the web, or one the blog is on.
  "(?:what|which) (?:(?:blog|website|web|site|wordpress) host|host (?:are you|you are) (?:using|the usage of|utilizing|utilising|working with)|host (?:do you use|is this)(?= for (?:your|this) (?:blog|site|website)| (?:blog|site|website)))",
  "(?:captcha|anti spam|spam) plugin",
  "same (?:blog|blogging) platform as (?:yours|you)",
  "(?:loads?|loaded|loading) (?:up )?(?:a lot |much |very |so )?(?:quicker|faster|fast) (?:then|than) most",
  "affiliate link to your host",
  "(?:theme|template|layout|blog platform|blogging platform) (?:are you using|you are using|do you use|is this)",
  "platform (?:are you using|you are using|do you use) for (?:your|this) (?:blog|site|website|web site)",
  "(?:are you using|do you use|did you use) (?:wordpress|blogger|joomla|drupal|tumblr|typepad|a free|a paid|a custom)",
  "(?:is this|is that) (?:a )?(?:paid|free|custom) (?:theme|template)",
  "(?:design(?:ed)? (?:this|it) yourself|hire (?:someone|a designer|out a designer))",
  "(?:blog|site|website) (?:loads|loading) (?:very |really |so )?(?:fast|quickly|slow)",
  "(?:loading speed|load time|loading pace)",
  "(?:spam|hackers?) (?:comments|problem|issues|protection)",
  "(?:guest post|guest posts|link exchange|exchange links|trade links)",
  "(?:start(?:ing)? (?:my|a) own (?:blog|website|web site)|new to blogging|starting a blog)",
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
  "(?:the place|where) else (?:could|may|can)(?: just)? (?:i|anyone|anybody) (?:am )?(?:get|getting) that (?:kind|type) of",
  "thank you for any other (?:\\p{L}+ )?(?:article|post|blog|site|information)",
  "(?:hello|hi|hey) my (?:family member|loved one)",
  "visited my (?:blog|site|website|web site) (?:so|thus|therefore) i came to return the (?:favor|favour)",
  "(?:suppose|guess) (?:its|it s) ok to use (?:a few|some) of your ideas",
  "(?:writing|commenting) to (?:make|let) you (?:know|understand|realize|be aware) of the",
  "(?:like|enjoy|love) what you guys are (?:up|usually up) (?:also|too)",
  "(?:incorporated|added|included) you guys to (?:my|our) (?:own )?blogroll",
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
  "(?:like|such as|as though|as if) you wrote the (?:e ?)?book in it|you (?:appear|seem) to (?:know|grasp|understand) so much (?:about|approximately) this",
  "(?:its|it s) (?:like|such as) you (?:read|learn) my (?:mind|thoughts)",
  "thanks for finally (?:writing|talking) about (?:\\p{L}+ ){1,5}(?:liked|loved) it",
  "(?:your|the) (?:blog|site|website|web site) (?:just )?ate my first comment",
  "sum it up what i (?:submitted|had written|wrote)",
  "make any plugins to (?:help|assist|safeguard|protect)",
  "get my blog to rank for some targeted keywords",
  "easy on the eyes which makes it much more enjoyable",
  "considered about (?:including|adding) a little bit more than just your articles",
  "same old rehashed (?:material|information|content)",
  "(?:this|the) post could not be (?:written any better|more helpful)",
  "reading through (?:this post|this article|it|this) reminds me of my (?:old|previous|good old)",
  "reminds me of my (?:previous|old) room ?mate",
  "log on to your new stuff",
  "the rest of the (?:site|website|web site) is (?:extremely|also really|really|very) good",
  "could have sworn (?:i ve|i have) been to this (?:website|site|blog|web site) before",
  "(?:someone|somebody) in my (?:facebook|myspace|myspace) group shared this (?:website|site|blog)",
  "(?:share|shared) your (?:blog|site|website) with my (?:myspace|facebook) group",
  "one s marvelous posting",
  "(?:added|introduced|brought) agreeable from you",
  "in truth was a (?:amusement|entertainment) account",
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
  "need some (?:guidance|advice|help) from an established blog",
  "(?:kinda|kind of|somewhat|sort of|a bit|totally|entirely|completely) off topic but i (?:was wondering|wanted to ask|had to ask|need some)",
  "loaded your (?:blog|site|website|web site) in (?:3|three|2|two) (?:completely |entirely |totally )?different (?:internet |web )?browsers",
  "bored to (?:tears|death) at work",
  "your (?:website|site|blog|web site) on my (?:iphone|ipad|phone|cell phone) during (?:my )?lunch break",
  "can t wait to take a look when i get home",
  "(?:surfing|browsing) around your (?:blog|site|website) from my new",
  "community forums that cover the same topics",
  "(?:do you use|are you on) twitter i d like to follow you",
  "(?:writing|publishing|creating) an e ?book or guest (?:authoring|writing|posting)",
  "(?:anyone|anybody) else (?:encountering|experiencing|having) (?:problems|issues) with the (?:images|pictures) on this blog loading",
  "considered changing the (?:page )?(?:layout|structure) of your (?:website|blog|site)",
  "using wordpress for your (?:site|blog) platform",
  "(?:stay|keep) us (?:up to date|informed|updated) like this",
  "(?:attractive|pretty) (?:section|portion|component|element) of (?:content|data)",
  "fantastic goods from you",
  "(?:actual|real) effort to (?:produce|make|create|generate) a (?:top notch|really good|very good|superb|good) article",
  "i (?:hesitate|procrastinate) a (?:lot|whole lot) and (?:never|don t) (?:seem to|manage to) get (?:anything|nearly anything) done",
  "(?:right|perfect) (?:blog|site|website|web site|webpage) for (?:anybody|anyone|everyone|everybody) who (?:wants|needs|would like|really wants) to (?:find out|understand|learn)",
  "you (?:realize|know) so much (?:its|it s) almost (?:hard|tough) to argue with you",
  "(?:take|make) a note of your (?:blog|site|website) and keep checking",
  "i blog (?:quite |very )?(?:often|frequently) and i (?:genuinely|really|truly|seriously) (?:appreciate|thank you for) your (?:content|information)",
  "like your (?:web ?site|website|web site) but you (?:need|have) to (?:test|check|take a look at) the spelling",
  "(?:rife|plagued|full) with spelling (?:problems|issues)",
  "lucky me i (?:found|discovered|came across|ran across) your (?:site|website|web site|blog) by (?:chance|accident)",
  "very open with a (?:precise|clear|really clear|very clear) (?:explanation|description|clarification) of the (?:issues|challenges)",
  "your style is (?:unique|very unique|so unique) (?:compared to|in comparison to) (?:other|all the other) (?:folks|people)",
  "became (?:alert|aware) to your (?:blog|site|website) (?:through|via|thru) google",
  "money and freedom is the (?:best|greatest) way to change",
  "enjoying the design and layout of your (?:blog|site|website)",
  "stumbled over here (?:from|by) a different (?:web page|website|web site|page)",
  "throw away your intelligence",
  "you can not imagine (?:just )?how much time i had spent",
  "(?:forward|send) this (?:article|post|page|write up|information) to (?:him|her) (?:pretty|fairly|very) sure (?:he|she) will have a (?:good|great) read",
  "(?:do )?accept as true with (?:all )?(?:the )?(?:ideas|concepts|points)",
  "widgets? i could add to my blog that automatically tweet",
  "finally got the (?:courage|bravery) to go ahead and give you a shout out",
  "write more thats all i have to say",
  "(?:was|were) (?:suggested|recommended) this (?:website|web site|blog|site) by my cousin",
  "nobody else know such detailed about my (?:difficulty|problem|trouble)",
  "(?:shame|pity) you don t have a donate button",
  "(?:how|tips on how) to get listed in yahoo news",
  "simply (?:desire|wish|want) to say your article is as (?:astonishing|amazing|surprising)",
  "(?:undeniably|definitely) believe that which you (?:said|stated)",
  "your favou?rite (?:justification|reason) (?:seemed|appeared) to be on the (?:internet|web|net)",
  "(?:extremely|very|really) (?:impressed|inspired|moved) with your writing (?:skills|talents|abilities) (?:as well as|and also|and) with the (?:layout|format|structure)",
  "(?:is this|is that|is that this) a paid (?:theme|subject|topic) or did you (?:modify|customize) it yourself",
  "(?:suggested|recommended) i might like this (?:web site|website|blog|site) (?:he|she) (?:was|used to be) (?:entirely|totally) right",
  "something (?:totally|entirely|completely) new and challenging on (?:blogs|sites|websites) i stumbleupon",
  "usually i do not read (?:article|post|posts|articles) on blogs however i (?:wish|would like|want) to say",
  "(?:exploring|browsing|searching) for a (?:little|bit|little bit) for any high(?:[ -]quality)? articles",
  "i ll bookmark your (?:site|blog|website) and take the feeds",
  "we(?: re| are) a (?:group|bunch|gaggle|collection) of volunteers and (?:starting|opening) a (?:new|brand new) scheme",
  "i just wrote an (?:really|extremely|incredibly) long comment but after i clicked submit",
  "found your (?:web site|website|site|blog) (?:via|by way of|by means of|through) google (?:while|at the same time as) (?:looking|searching) for a (?:related|similar|comparable) topic",
  "(?:having a tough time|having trouble|having problems) locating it but i d like to (?:send|shoot) you an (?:email|e mail)",
  "if some one (?:desires|wants|needs|wishes) (?:expert|to be updated|to get updated)",
  "pay a (?:quick )?visit (?:at )?this (?:website|web site|blog|site|web page)",
  "(?:i m|i am) gone to (?:inform|tell|say to|convey) my little brother",
  "remarkable (?:issues|things|points) here",
  "(?:suggestions|tips|advice|recommendations) for (?:aspiring|new|beginner) writers",
  "(?:having a look forward|look forward) to (?:contact|touch|speak to) you",
  "(?:awesome|amazing|remarkable|pleasant|nice) designed for me to have a (?:web site|website|site|blog)",
  "good in (?:support|favor|favour) of my (?:knowledge|experience|know how)",
  "hello (?:colleagues|friends|mates) how is (?:all|everything)",
  "what you want to say (?:concerning|regarding|about|on the topic of|in support of) this (?:paragraph|post|article|piece of writing)",
  "every time spent my half an hour to read",
  "(?:every day|daily) along with a (?:mug|cup) of (?:coffee|milk|tea)",
  "(?:updated|up to date) from (?:hottest|latest|newest|most recent) (?:news|information|reports|gossip)",
  "(?:problems|trouble|issues) with hackers",
  "my last blog (?:\\p{L}+ )?was hacked",
  "losing (?:many|several|a few) months of hard work",
  "think (?:its|it s) a linking (?:issue|problem)",
  "in two different (?:web )?browsers and both show the same (?:outcome|results)",
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
  if (questions.length > 0 && !asksAboutBlogging(analysis)) {
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

/** Whether the post is about running a blog (`PLATFORM_TOPIC`) and the comment not about this very blog (`THIS_BLOG`). */
function asksAboutBlogging(analysis: CommentAnalysis): boolean {
  return analysis.titleWords.some((word) => PLATFORM_TOPIC.test(word)) && !THIS_BLOG.test(analysis.prose);
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
