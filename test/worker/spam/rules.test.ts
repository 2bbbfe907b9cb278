import { describe, expect, it } from "vitest";
import { analyzeComment } from "../../../worker/spam/analysis";
import {
  checkAuthor,
  checkLinks,
  checkLists,
  checkRules,
  checkSolicitation,
  checkTemplates,
  checkTricks,
  checkTrustedAuthor,
} from "../../../worker/spam/rules";
import { decideVerdict, defaultSpamSettings, type SpamSettings } from "../../../worker/spam/verdict";

const analyze = (body: string, authorName = "Reader", authorEmail?: string) =>
  analyzeComment({ body, authorName, authorEmail });
const checks = (reasons: { check: string }[]) => reasons.map((reason) => reason.check);
const score = (reasons: { check: string; score: number }[], check: string) =>
  reasons.find((reason) => reason.check === check)?.score ?? 0;

const listedSettings: SpamSettings = {
  ...defaultSpamSettings,
  blocked: { words: ["casino bonus"], domains: ["spam.example"], emails: ["bot@spam.example"], ipHashes: ["bad-ip"] },
  allowed: { domains: ["blog.example"], emails: ["editor@blog.example"], ipHashes: ["office-ip"] },
};

describe("checkLinks", () => {
  it("gives one link a little weight that never holds, and holds from the site's link count on", () => {
    const one = checkLinks(analyze("Agreed, the spec says so: https://www.w3.org/TR/html52/"), defaultSpamSettings);
    const two = checkLinks(analyze("See https://a.example/x and https://b.example/y"), defaultSpamSettings);
    const many = checkLinks(analyze("a.com b.net c.org d.info"), defaultSpamSettings);
    expect(score(one, "rules.links")).toBeGreaterThan(0);
    expect(score(one, "rules.links")).toBeLessThan(0.5);
    expect(one.some((reason) => reason.holds)).toBe(false);
    expect(two.find((reason) => reason.check === "rules.links")?.holds).toBe(true);
    expect(score(many, "rules.links")).toBeGreaterThanOrEqual(3);
    const lenient = { ...defaultSpamSettings, linksToHold: 3 };
    const twoOnLenientSite = checkLinks(analyze("See https://a.example/x and https://b.example/y"), lenient);
    expect(twoOnLenientSite.some((reason) => reason.holds)).toBe(false);
  });

  it("does not count links to the site's allowed domains", () => {
    const reasons = checkLinks(analyze("as I wrote on https://blog.example/post/1"), listedSettings);
    expect(checks(reasons)).toEqual([]);
  });

  it("flags BBCode and HTML link markup, which no person types into a plain-text box", () => {
    const reasons = checkLinks(
      analyze('[url=http://pills.example]buy[/url] <a href="http://x.example">x</a>'),
      defaultSpamSettings,
    );
    expect(checks(reasons)).toEqual(expect.arrayContaining(["rules.bbcode_link", "rules.html_link"]));
  });

  it("flags a link with a referral code more than a plain one", () => {
    const reasons = checkLinks(analyze("this is the song http://psn.example/?ref=2tGgp3pV6L"), defaultSpamSettings);
    expect(checks(reasons)).toEqual(["rules.links", "rules.tracked_link"]);
  });

  it("flags a body that is nothing but a link", () => {
    expect(checks(checkLinks(analyze("http://shhort.example/a?r=Hu5ab"), defaultSpamSettings))).toContain(
      "rules.link_only",
    );
    expect(checks(checkLinks(analyze("The video at http://x.example explains it"), defaultSpamSettings))).not.toContain(
      "rules.link_only",
    );
  });
});

/** Expects `check` among the reasons `rule` gives for each of the first bodies, and for none of the second. */
function expectFires(
  check: string,
  rule: (analysis: ReturnType<typeof analyze>) => { check: string }[],
  spam: readonly string[],
  readers: readonly string[],
): void {
  const fires = (body: string) => checks(rule(analyze(body))).includes(check);
  expect(spam.filter((body) => !fires(body))).toEqual([]);
  expect(readers.filter(fires)).toEqual([]);
}

describe("checkSolicitation", () => {
  it("catches self-promotion hidden in praise", () => {
    const reasons = checkSolicitation(analyze("Beautiful voice, this song made my day!! Check out my channel too x"));
    expect(score(reasons, "rules.self_promotion")).toBeGreaterThanOrEqual(4);
  });

  it("catches misspelt begging for subscribers", () => {
    expect(checks(checkSolicitation(analyze("plz suscribe, help me reach 100 subscribers")))).toContain(
      "rules.self_promotion",
    );
  });

  it("catches a newcomer asking to be checked out, misspelt or not", () => {
    expectFires(
      "rules.self_promotion",
      checkSolicitation,
      [
        "Check me out I'm all about gaming",
        "Hey come check us out, we're new on youtube",
        "Please check out my vidios guys",
        "COME AND CHECK OUT MY NEW YOUTUBE CHHANEL, POSTING DAILY!",
        "hi beauties! i just started my own youtube channel please go check it out",
        "Hey! I'm a new youtuber and it would mean the world to me",
        "Im a 12 yr old music producer, it would be wonderful if you subscribe",
        "katy is beautiful. I'm a rapper with 25000 subscribers",
        "Hi guys! Check out my remixes! Thanx",
        "check out my new EM cover video trailer",
      ],
      [
        "Check out the official docs too, they cover secrets",
        "We made a new channel for support questions in the community forum, is it moderated?",
        "I'm a new reader and this was the clearest explanation so far",
        "I'm a singer and your piece on vocal warmups helped before my concert.",
      ],
    );
  });

  it("leaves ham that only talks about subscribing or channels alone", () => {
    expect(checkSolicitation(analyze("She has 14,000,000 subscribers and deserves every one"))).toEqual([]);
    expect(checkSolicitation(analyze("I subscribed to the newsletter last year, worth it"))).toEqual([]);
  });

  it("catches selling, contact offers and phone numbers", () => {
    const reasons = checkSolicitation(analyze("Make money from home! WhatsApp me on +447700900123"));
    expect(checks(reasons).sort()).toEqual(["rules.contact", "rules.money_words", "rules.phone_number"]);
    expect(checks(checkSolicitation(analyze("Best replica watches, cheap viagra")))).toContain("rules.commercial");
    for (const offer of [
      "hit me up on how to make profits",
      "send an inbox message to get your problem solved",
      "For investment proposal DM 📊",
      "dm now you won 🏆",
    ]) {
      expect(checks(checkSolicitation(analyze(offer)))).toContain("rules.contact");
    }
    expect(checkSolicitation(analyze("Can you send me the slides? I missed the talk."))).toEqual([]);
  });

  it("counts a messenger or a third person as contact only with where to write: readers send each other to the brand", () => {
    expectFires(
      "rules.contact",
      checkSolicitation,
      [
        "contact me on whatsapp +91 98765 43210",
        "WhatsApp: +44 7700 900123 for details",
        "Join our telegram for daily signals",
        "message her on whatsapp, she is legit",
        "dm her for more details @kamila_landis",
        "Telegram link in bio",
      ],
      [
        "I built a Telegram bot with this, works fine on Node 20.",
        "Do you have a WhatsApp channel for order updates?",
        "I messaged your support on WhatsApp and got an answer in minutes.",
        "Contact them for a refund, they were quick with mine.",
        "I will reach out to her after the launch, she ran the pilot.",
      ],
    );
  });

  it("counts what is sold but readers also talk about as weak evidence, which alone holds nothing", () => {
    for (const reader of [
      "Does the promo code from the newsletter work in the app too?",
      "I picked the new formula up from the pharmacy, the packaging is much better.",
      "I emailed my account manager about the outage and got no reply for two days.",
      "We stayed near the casino in Monaco, the hotel in your photo is the one.",
      "Is there a free trial for teams, or only for individuals?",
    ]) {
      const reasons = checkSolicitation(analyze(reader));
      expect(checks(reasons), reader).toEqual(["rules.sales_topic"]);
      expect(decideVerdict(reasons, defaultSpamSettings).verdict, reader).toBe("publish");
    }
    expect(checks(checkSolicitation(analyze("Best online casino bonuses here")))).toContain("rules.commercial");
  });

  it("knows what blog spam has long sold, not readers who mention it", () => {
    expectFires(
      "rules.commercial",
      checkSolicitation,
      [
        "I want to thank the great spell caster who brought my husband back in 48 hours",
        "Powerful love spells that work, results guaranteed",
        "Dr Ade cured me of herpes with his herbs, I am so grateful",
        "Call girls in Goa available 24/7",
        "Best escort service in Delhi",
        "Satta matka results today, fastest",
        "Packers and movers in Pune at the best price",
      ],
      [
        "There is still no cure for herpes, please ignore the testimonials in these comments.",
        "The escort car in the photo is a nice touch for a launch event.",
        "We hired movers for the last flat and they broke the mirror.",
        "The spelling of caster sugar confused my American friends.",
      ],
    );
  });

  it("knows loan offers in English and French, not readers who talk about their loans", () => {
    expectFires(
      "rules.commercial",
      checkSolicitation,
      [
        "Are you in need of an urgent loan? We offer all kinds of loans at 2% interest.",
        "I advise you this lender if you are looking for a credit, a financing or a SERIOUS loan",
        "Si vous recherchez un crédit, un prêt, un financement rapide et surtout sans AUCUN FRAIS à l’avance",
        "Prêt entre particuliers sérieux, contactez-nous.",
        "Thanks to the legit loan lender who helped me, fast loans available without credit check",
      ],
      [
        "I'm looking for a loan to consolidate my debt, any advice?",
        "If you are looking for a loan, talk to a credit union first.",
        "Do you need a loan to buy a house? Not always, we saved for ours.",
        "Our bank made us a loan offer we could not refuse, then raised the rate.",
        "I was looking for a credit card without fees and your comparison helped.",
      ],
    );
  });

  it("counts money words little, never enough to hold alone: readers talk prices and savings too", () => {
    const reasons = checkSolicitation(analyze("I moved my savings from crypto to index funds, the profit was small"));
    expect(checks(reasons)).toEqual(["rules.money_words"]);
    expect(score(reasons, "rules.money_words")).toBeLessThan(0.5);
    const prices = checkSolicitation(
      analyze("I earn $50k a year and still think $120 for a shirt is a lot. Cheap it isn't."),
    );
    expect(score(prices, "rules.money_words")).toBeLessThan(0.5);
  });

  it("catches begging for likes when the comment opens with it or carries a link", () => {
    const reasons = checkSolicitation(analyze("Share and like this page to win a signed photo!"));
    expect(checks(reasons)).toEqual(["rules.engagement_bait", "rules.money_words"]);
    expect(checks(checkSolicitation(analyze("Subscribe if you are watching in 2015")))).toEqual([
      "rules.engagement_bait",
    ]);
    expect(checks(checkSolicitation(analyze("Great song, share it: http://promo.example/x")))).toContain(
      "rules.engagement_bait",
    );
  });

  it("leaves readers who share, subscribe or mention their own blog alone", () => {
    for (const body of [
      "Subscribe button doesn't work on mobile, it just reloads the page.",
      "Please share the survey you used? Would love to run it with my team.",
      "Could you translate this into German? I would love to share it with my team.",
      "This is brilliant, I am going to share it with everyone at work!",
      "We tried the same approach on our blog last year and ran into the caching problem you describe.",
      "I subscribed to your newsletter after the last post.",
      "Subscribe to their newsletter, they give early access to tickets. Got mine that way.",
      "Follow me on this: the error handler must take four arguments, or Express ignores it.",
      "Hi Graham, hope you can read my message about the second chapter.",
    ]) {
      expect(checkSolicitation(analyze(body))).toEqual([]);
    }
  });

  it("catches scam testimonials that point to a handle, not a reader thanking another", () => {
    expect(checks(checkSolicitation(analyze("i made $70k with @gabrielrayfx")))).toContain("rules.handle_referral");
    expect(checks(checkSolicitation(analyze("she is the best trader, contact #hazel_mcewen")))).toContain(
      "rules.handle_referral",
    );
    expect(checks(checkSolicitation(analyze("happy to see u growing each day @financewithsharan")))).toContain(
      "rules.handle_referral",
    );
    expect(checks(checkSolicitation(analyze("everybody keep talking about @steven_martinezfx")))).toContain(
      "rules.handle_referral",
    );
    expect(checkSolicitation(analyze("Thanks @dana for the tip about the index, it worked"))).toEqual([]);
    expect(checks(checkSolicitation(analyze("honesty is the word that defines you @standwithstella.fx")))).toContain(
      "rules.handle_referral",
    );
    expect(checkSolicitation(analyze("As @tradingeconomics shows, rates fell in May"))).toEqual([]);
    const thanks = checkSolicitation(analyze("Thanks to @maria_dev for the tip in the comments above, it works"));
    expect(score(thanks, "rules.handle_referral")).toBeLessThan(0.5);
    const decorator = "With @Injectable({ providedIn: 'root' }) you need no providers, thanks for the help!";
    expect(checkSolicitation(analyze(decorator))).toEqual([]);
  });

  it("does not take view counts, years or a log's timestamps for phone numbers", () => {
    expect(checkSolicitation(analyze("1000000000 views! Watching in 2013 2014 2015 2016"))).toEqual([]);
    expect(checkSolicitation(analyze("Logs show 2024-03-05 14:22:01 ERROR 137, the OOM killer"))).toEqual([]);
    expect(checks(checkSolicitation(analyze("Since 2024-03-05 call us on 020 7946 0958")))).toEqual([
      "rules.contact",
      "rules.phone_number",
    ]);
  });

  it("takes Instagram for where readers saw the brand, and WhatsApp or Telegram for where scams go on", () => {
    expect(checkSolicitation(analyze("I saw your spring collection on Instagram first, even nicer here"))).toEqual([]);
    expect(checks(checkSolicitation(analyze("Reach out on Telegram for the signals")))).toEqual(["rules.contact"]);
  });

  it("takes a reader's 'call me old-fashioned' for an idiom, not an invitation to call", () => {
    expect(checkSolicitation(analyze("Call me old-fashioned, but I still prefer systemd units"))).toEqual([]);
    expect(checks(checkSolicitation(analyze("Call me now for a free quote")))).toContain("rules.contact");
  });
});

describe("checkTemplates", () => {
  it("scores praise that fits any post by how many template phrases it stacks", () => {
    const template = checkTemplates(
      analyze(
        "I like the valuable info you provide in your articles. I will bookmark your weblog and check again here regularly. Keep up the good work!",
      ),
    );
    const reader = checkTemplates(analyze("Great post! The part about partial indexes saved me an afternoon."));
    expect(score(template, "rules.generic_praise")).toBeGreaterThanOrEqual(1.5);
    expect(score(reader, "rules.generic_praise")).toBeLessThan(0.5);
    const institute = checkTemplates(
      analyze(
        "This is a wonderful article, given so much info in it. These type of articles keep the users interested, keep on sharing more.",
      ),
    );
    expect(score(institute, "rules.generic_praise")).toBeGreaterThanOrEqual(1.5);
    // Matched on the words, so an apostrophe ("I’m", "you're") reads as the template's "i m".
    const curly = checkTemplates(analyze("I’m new here, and you’re a very talented writer."));
    expect(score(curly, "rules.generic_praise")).toBeGreaterThanOrEqual(0.9);
  });

  it("counts praise less when it names the post's subject", () => {
    const body = "Very informative post, I bookmarked your blog. The bit on Postgres indexes is gold.";
    const offTopic = analyzeComment({ body, authorName: "Reader", pageTitle: "Baking sourdough at home" });
    const onTopic = analyzeComment({ body, authorName: "Reader", pageTitle: "How Postgres indexes work" });
    expect(score(checkTemplates(onTopic), "rules.generic_praise")).toBeLessThan(
      score(checkTemplates(offTopic), "rules.generic_praise"),
    );
  });

  it("catches questions about the blog's theme or platform, unrendered spintax and keyword tails", () => {
    expect(checks(checkTemplates(analyze("Hey there! Which theme are you using? Is this a paid theme?")))).toContain(
      "rules.platform_question",
    );
    expect(checks(checkTemplates(analyze("{Hello|Hi} there, {nice|great} {post|article}!")))).toContain(
      "rules.spintax",
    );
    expect(
      checks(checkTemplates(analyze("Great to read this. Really appreciate your effort. cheap flats dubai"))),
    ).toContain("rules.keyword_tail");
  });

  it("takes a question about the platform for a reader's under a post about running a blog, unless it asks about this blog", () => {
    const under = (pageTitle: string, body = "What hosting do you use for Ghost?") =>
      checks(checkTemplates(analyzeComment({ body, authorName: "Ana", pageTitle })));
    expect(under("WordPress vs Ghost in 2026")).toEqual([]);
    expect(under("Choosing a theme for your first blog")).toEqual([]);
    expect(under("Ten days in Japan on a budget")).toEqual(["rules.platform_question"]);
    expect(under("Ghosts of the Tower of London")).toEqual(["rules.platform_question"]);
    const template = "Howdy! Off topic, but which blog platform are you using for this site? It's really clean.";
    expect(under("WordPress vs Ghost in 2026", template)).toContain("rules.platform_question");
  });

  it("counts half the praise of a reader who did what the post describes or asks about it", () => {
    const withTitle = (body: string) =>
      analyzeComment({ body, authorName: "Julia", pageTitle: "Slow-cooked lamb shoulder with rosemary" });
    const template = checkTemplates(withTitle("Great post! Thanks for sharing."));
    for (const body of [
      "Great post! Thanks for sharing, I tried it on Sunday and the whole family loved it.",
      "Great post! Thanks for sharing. Could I use mutton instead?",
      "Great post! Thanks for sharing, we are piloting it at our supper club next month.",
    ]) {
      expect(score(checkTemplates(withTitle(body)), "rules.generic_praise")).toBe(
        score(template, "rules.generic_praise") / 2,
      );
    }
  });

  it("knows the spun templates of a WordPress spam queue", () => {
    const firstTime = checkTemplates(
      analyze(
        "Heya i'm for the first time here. I came across this board and I find It truly useful & it helped me out much. I hope to give something back and help others like you aided me.",
      ),
    );
    expect(score(firstTime, "rules.generic_praise")).toBeGreaterThanOrEqual(0.9);
    const communicate = checkTemplates(
      analyze(
        "Thank you for the auspicious writeup. Look advanced to more added agreeable from you! However, how can we communicate?",
      ),
    );
    expect(checks(communicate)).toEqual(["rules.generic_praise", "rules.platform_question", "rules.spam_template"]);
    const theme = checkTemplates(
      analyze("Woah! I'm really loving the template/theme of this website. It's simple, yet effective."),
    );
    expect(checks(theme)).toContain("rules.platform_question");
  });

  it("knows the sentences of old comment templates, which readers do not write", () => {
    expectFires(
      "rules.spam_template",
      checkTemplates,
      [
        "magnificent issues altogether, you just received a new reader. What would you suggest about your submit?",
        "I have to point out my admiration for your generosity giving support to individuals who really want guidance.",
        "It can be near impossible to encounter well-aware men or women on this area, then again you look like you know.",
        "I'm impressed, I must say. Rarely do I find a blog that's both educative and entertaining.",
        "Perfectly indited content material, really enjoyed looking through.",
        "I'd always want to be update on new content material on this internet site, saved to fav!",
        "Can I just say what a relief to seek out someone who truly knows what they're talking about on the internet.",
        "Sorry for the huge review, but I'm really loving the new Zune, and hope this helps you decide.",
        "My spouse and i got so delighted that Peter managed to carry out his studies through the precious recommendations.",
      ],
      [
        "You clearly know what you're talking about, but the second chart has the wrong axis.",
        "Looking forward to your next post on the migration, especially the rollback plan.",
        "This hits the nail on the head: our support team says the same about the old kettles.",
        "We support people who want to move to the four-day week gradually, not all at once.",
        "My wife and I were so happy with the kettle refund, thanks for handling it well.",
        "The site loads fine for me, and the material on content design was the most useful part.",
      ],
    );
  });

  it("knows the spun rewrites of the commonest template families, but not a reader's plain thanks", () => {
    expectFires(
      "rules.spam_template",
      checkTemplates,
      [
        "What i do not realize is in truth how you are not really a lot more smartly-liked than you may be now.",
        "You made various fine points there. I did a search on the topic and found most folks will consent with your website.",
        "You really make it appear so easy along with your presentation but I find this topic to be something I'd never grasp.",
        "hi!,I love your writing so a lot! proportion we stay in touch more approximately your post on AOL?",
        "I simply had to thank you once more. I am unsure what I could have achieved in the absence of the hints contributed by you.",
        "My husband and i felt so grateful that Oscar managed to round up his research with the ideas he found on your blog.",
        "Needed to create you this little bit of word to say thanks once again for the great knowledge on this page.",
        "Great tremendous things here. I'm very glad to peer your article. Will you kindly drop me a mail?",
        "Enjoyed looking through this, very good stuff, regards. “Well begun is half done.” by Aristotle.",
        "Somebody essentially help to make critically posts I would state. That is the first time I frequented your web page.",
      ],
      [
        "I wanted to write a quick note to say thanks: the migration guide saved my weekend.",
        "I'm just commenting to let you know the link to part two is broken.",
        "I spent over 2 hours today on this before I found your post.",
        "My daughter enjoyed reading the blog with me, we made the lamb on Sunday.",
        "Perfect, just what I was looking for! Does it work with Postgres 16 too?",
        "I'm still learning from you after three years of reading, thank you.",
        "Not sure this is the best place to ask, but do you guys have any idea why the build fails on ARM?",
        "Reminds me of “premature optimization is the root of all evil” by Knuth, but here it was the right call.",
        "Reminds me of this: “Make it work, make it right, make it fast.” — Kent Beck",
        "Keep working on it, the second part was the best so far. Dead well written too.",
      ],
    );
  });

  it("knows the old templates that pass for a reader's small talk, but not the small talk", () => {
    expectFires(
      "rules.spam_template",
      checkTemplates,
      [
        "Hmm, it looks like your blog ate my first comment, so I will keep this one short.",
        "Howdy! Do you know if they make any plugins to help with SEO for a site like mine?",
        "Good morning! This post could not be written any better, thank you.",
        "Hello! I could have sworn I've been to this site before, but the posts are new to me.",
        "Someone in my Facebook group shared this website with us, so I came to look.",
        "Do you mind if I quote a couple of your posts as long as I provide credit and a link back?",
        "Have you ever considered about adding a little bit more than just your articles?",
        "Wow, great layout! How long have you been blogging for?",
        "Hi, I was recommended this web site by my cousin, and he was right about it.",
        "I just wrote an incredibly long comment but after I clicked submit it vanished. Anyway, great blog.",
        "Hurrah, that's what I was looking for, what a material!",
        "Usually I do not read articles on blogs, however I would like to say that this one convinced me.",
      ],
      [
        "Hurrah! Finally a brand that publishes its supply chain.",
        "Just wanted to give you a quick heads up that the link to part two is broken.",
        "Does your site have a contact page? I want to report a typo in the table.",
        "I usually don't read articles on blogs, but this one was worth it.",
        "Not sure where you're getting your info, the recall went out on the 14th.",
        "Do you mind if I quote two lines of this in my thesis?",
        "It's the small changes that matter most in a recall, as you say.",
        "How long have you been running the shop in Porto?",
        "The rest of the site is hard to read on my phone, but this post was fine.",
        "This reminded me of my old flatmate, who returned every kettle he ever bought.",
      ],
    );
  });

  it("finds spintax a tool flattened, each alternative written out, but not identifiers in code", () => {
    const flattened = checkTemplates(
      analyze("I thinkI feelI believe this isthat is one of theamong the most important info for me."),
    );
    expect(flattened).toEqual([expect.objectContaining({ check: "rules.spintax", score: 2.5 })]);
    expect(
      checks(checkTemplates(analyze("BecauseSinceAsFor the reason that the admin of this website is working"))),
    ).toContain("rules.spintax");
    const code =
      "Call getItem() and forEach over the list; iPhone and GitHub users saw the same. I think so. It works!";
    expect(checkTemplates(analyze(code))).toEqual([]);
  });

  it("leaves code, quotes and ordinary sign-offs alone", () => {
    for (const body of [
      "In bash, {a,b} expands to two words and the regex (a|b) matches either; and the shell default syntax works too.",
      "I disagree with the conclusion. See you at the meetup.",
      "Which version of Node did you test this on? Mine fails on 18.",
      "> the cache is the problem\nNot in my experience. nice work",
      "I bake with applesauce instead of eggs. way cheaper",
      "and the winner is... inflation! ding ding ding",
    ]) {
      expect(checkTemplates(analyze(body)).filter((reason) => reason.score >= 0.5)).toEqual([]);
    }
  });
});

describe("checkAuthor", () => {
  it("flags names made of topic words and keyword websites, not people with their own sites", () => {
    expect(checks(checkAuthor(analyze("hi", "Health & Fitness")))).toEqual(["rules.name_is_keywords"]);
    expect(checks(checkAuthor(analyze("hi", "drywall repair")))).toEqual(["rules.name_is_keywords"]);
    expect(checkAuthor(analyze("hi", "Grace Garden"))).toEqual([]);
    const keywordSite = analyzeComment({
      body: "hi",
      authorName: "Jo",
      authorWebsite: "http://cheap-jerseys-outlet.com/",
    });
    expect(checks(checkAuthor(keywordSite))).toEqual(["rules.website_is_keywords"]);
    const blogger = analyzeComment({ body: "hi", authorName: "Dana", authorWebsite: "https://theuskitchen.com/" });
    expect(checks(checkAuthor(blogger))).toEqual(["rules.website_only"]);
    expect(score(checkAuthor(blogger), "rules.website_only")).toBeLessThan(0.5);
  });

  it("takes a website named after its author for the reader's own, not a page linked for its keywords", () => {
    const site = (authorName: string, authorWebsite: string) =>
      checks(checkAuthor(analyzeComment({ body: "Great tips here.", authorName, authorWebsite })));
    expect(site("Dana Theus", "https://danatheus.com/")).toEqual([]);
    expect(site("Green Thumb Gail", "https://greenthumbgail.net")).toEqual([]);
    expect(site("Jo from Leeds", "https://jofromleeds.wordpress.com/about")).toEqual([]);
    expect(site("Lucy & Dan", "http://lucyanddantravel.com")).toEqual([]);
    // A short name is inside too many hosts; a keyword name stays a keyword name.
    expect(site("Jo", "https://jobs-portal.com")).toEqual(["rules.website_only"]);
    expect(site("Dana", "https://danatheus.com/")).toEqual(["rules.website_only"]);
    expect(site("drywall repair", "https://drywallrepairpros.net")).toEqual([
      "rules.name_is_keywords",
      "rules.website_only",
    ]);
  });

  it("takes plurals and numbers in a name made of topic words for what they are", () => {
    for (const name of ["top 10 mattresses", "Kitchens", "Health & Fitness 2016"]) {
      expect(checks(checkAuthor(analyze("Nice", name))), name).toEqual(["rules.name_is_keywords"]);
    }
    for (const name of ["Jo 2016", "Marcus", "Agnes", "Ines", "Dennis"]) {
      expect(checks(checkAuthor(analyze("Nice", name))), name).toEqual([]);
    }
  });

  it("flags names that are the text of a link, not a person", () => {
    for (const name of [
      "Click here",
      "Continue Reading",
      "more about the author",
      "her latest blog",
      "go right here",
      "Your Domain Name",
    ]) {
      expect(
        checks(checkAuthor(analyzeComment({ body: "Nice", authorName: name, authorWebsite: "https://x.example" }))),
        name,
      ).toContain("rules.name_is_link_text");
    }
    for (const name of ["Clark Reading", "Sitemaker Jo", "Homer", "My Nguyen"]) {
      expect(checks(checkAuthor(analyze("Nice", name))), name).toEqual([]);
    }
  });

  it("flags names that are addresses or keywords", () => {
    expect(checks(checkAuthor(analyze("hi", "www.cheap-meds.example")))).toEqual(["rules.name_is_address"]);
    expect(score(checkAuthor(analyze("hi", "Cheap Viagra")), "rules.name_is_keywords")).toBeGreaterThanOrEqual(3);
    expect(score(checkAuthor(analyze("hi", "SEO services")), "rules.name_is_keywords")).toBeGreaterThanOrEqual(3);
  });

  it("knows the training institutes that sign tutorial blogs' comments, by name, website and tail", () => {
    expect(score(checkAuthor(analyze("hi", "Docker Training in Chennai")), "rules.name_is_keywords")).toBe(3);
    const institute = analyzeComment({
      body: "hi",
      authorName: "Jo",
      authorWebsite: "https://selenium-training.example/",
    });
    expect(checks(checkAuthor(institute))).toEqual(["rules.website_is_keywords"]);
    const tail = "Nice blog, thanks for sharing. Devops online training | Devops training in Hyderabad";
    expect(checks(checkSolicitation(analyze(tail)))).toContain("rules.commercial");
    for (const reader of ["I took a course in statistics at uni", "We ran the training in Berlin last spring"]) {
      expect(checkSolicitation(analyze(reader))).toEqual([]);
    }
    expect(checkAuthor(analyze("hi", "Priya from the Chennai meetup"))).toEqual([]);
  });

  it("gives a real name that happens to hold one keyword little weight", () => {
    expect(score(checkAuthor(analyze("hi", "Mark Best")), "rules.name_is_keywords")).toBeLessThanOrEqual(1);
    expect(checkAuthor(analyze("hi", "Анна Иванова"))).toEqual([]);
  });
});

describe("checkTricks", () => {
  it("flags homoglyphs and zero-width characters inside words", () => {
    const reasons = checkTricks(analyze("Get сheap v\u200Biagra"));
    expect(checks(reasons)).toEqual(["rules.homoglyphs", "rules.zero_width"]);
  });

  it("flags fancy text from a few stylised letters on, never alone enough for spam", () => {
    const reasons = checkTricks(analyze("ꜰᴏʀ ꜱᴛᴀʀᴛ ɪ ᴅᴇᴘᴏꜱɪᴛᴇᴅ $1000 ᴀɴᴅ ɢᴏᴛ $10 200"));
    expect(reasons).toEqual([expect.objectContaining({ check: "rules.stylised_letters", score: 1.5 })]);
    expect(checkTricks(analyze("Loved the 𝐓 in the new logo"))).toEqual([]);
  });

  it("holds a body with nothing visible in it", () => {
    expect(checkTricks(analyze("\u200B\u200B\uFEFF"))).toEqual([
      expect.objectContaining({ check: "rules.invisible", holds: true }),
    ]);
  });

  it("leaves non-English ham alone", () => {
    expect(checkTricks(analyze("Ця пісня чудова! 这首歌很好听 ❤️"))).toEqual([]);
  });
});

describe("checkLists", () => {
  it("blocks listed words even behind homoglyphs and zero-width characters", () => {
    expect(checks(checkLists(analyze("best саsino b\u200Bonus here"), {}, listedSettings))).toEqual([
      "lists.blocked_word",
    ]);
  });

  it("blocks listed domains and their subdomains, e-mails and IP hashes", () => {
    const reasons = checkLists(
      analyze("go to http://www.shop.spam.example", "x", "Bot@Spam.example"),
      { ipHash: "bad-ip" },
      listedSettings,
    );
    expect(checks(reasons)).toEqual(["lists.blocked_domain", "lists.blocked_email", "lists.blocked_ip"]);
  });

  it("does not block a word that only contains a listed one", () => {
    expect(checkLists(analyze("the casinos of Monaco are old"), {}, listedSettings)).toEqual([]);
  });

  it("lets an allowed author outweigh a blocked word", () => {
    const reasons = checkLists(
      analyze("a casino bonus story", "Ed", "editor@blog.example"),
      { ipHash: "office-ip" },
      listedSettings,
    );
    const total = reasons.reduce((sum, reason) => sum + reason.score, 0);
    expect(checks(reasons)).toEqual(["lists.blocked_word", "lists.allowed_email", "lists.allowed_ip"]);
    expect(total).toBeLessThan(0);
  });
});

describe("checkTrustedAuthor", () => {
  it("trusts an author more with each doubling of approved comments, up to a limit", () => {
    const trust = (approved: number) =>
      score(checkTrustedAuthor({ approvedCommentsByEmail: approved }), "rules.trusted_author");
    expect(trust(0)).toBe(0);
    expect(trust(1)).toBe(-1);
    expect(trust(4)).toBeLessThan(trust(1));
    expect(trust(1000)).toBe(-3);
  });
});

describe("checkRules", () => {
  it("finds nothing in an ordinary comment", () => {
    expect(
      checkRules(
        analyze("Thanks for the write-up, the second example finally made it click."),
        {},
        defaultSpamSettings,
      ),
    ).toEqual([]);
  });

  it("copes with an empty body and a huge one", () => {
    expect(() => checkRules(analyze(""), {}, defaultSpamSettings)).not.toThrow();
    const started = Date.now();
    checkRules(analyze("buy now http://x.example ".repeat(400)), {}, defaultSpamSettings);
    expect(Date.now() - started).toBeLessThan(200);
  });
});
