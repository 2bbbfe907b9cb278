import { describe, expect, it } from "vitest";
import { analyzeComment } from "../../../../worker/spam/analysis";
import { checkTemplates } from "../../../../worker/spam/rules";
import { analyze, checks, expectFires, score } from "./check-helpers";

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
      "Great post! Thanks for sharing. Made it twice already.",
      "Great post! Thanks for sharing; we fixed the oven temperature and it worked.",
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

  it("knows the templates that ask about the blog's host, browsers and plugins, and the lunch-break visitor", () => {
    expectFires(
      "rules.spam_template",
      checkTemplates,
      [
        "I've loaded your blog in 3 completely different browsers and I must say this blog loads a lot quicker then most.",
        "Hello! I know this is kinda off topic but I was wondering if you knew where I could locate a captcha plugin.",
        "Greetings from Idaho! I'm bored to tears at work so I decided to check out your website on my iphone during lunch break.",
        "Hey there! I'm at work surfing around your blog from my new apple iphone!",
        "Hmm it looks like your site ate my first comment (it was super long) so I guess I'll just sum it up what I submitted.",
        "Great blog! Do you know of any community forums that cover the same topics talked about in this article?",
        "Thank you for any other magnificent article. Where else may just anyone get that type of information?",
        "Reading this reminded me of my old colleague. I will forward this article to him. Pretty sure he will have a good read.",
      ],
      [
        "I know this is off topic, but is the Lisbon meetup still on?",
        "Tried it in three different browsers and the embed only fails in Safari.",
        "I read this on my phone during my lunch break and had to try it tonight.",
        "Forwarded this to my brother, he keeps asking me about sourdough.",
        "Thank you for another great article on Postgres, the index part especially.",
      ],
    );
    expectFires(
      "rules.platform_question",
      checkTemplates,
      [
        "Hey would you mind letting me know which webhost you're working with?",
        "I'm using the same blog platform as yours and I'm having difficulty finding one.",
        "Excellent blog! Can I get your affiliate link to your host?",
        "Additionally your site so much up fast! What host are you the usage of?",
        "Hi there would you mind stating which blog platform you're working with?",
        "Which platform do you use for your blog? It loads so fast.",
      ],
      [
        "Which host did you stay with in Kyoto? The ryokan looks lovely.",
        "What platform do you use for buying the index funds? Fees vary so much in the UK.",
        "Which host do you use for the podcast? Spotify's free one or something else?",
      ],
    );
  });

  it("knows the spun praise of the old templates: 'a entertainment account', 'writing talents and the format'", () => {
    expectFires(
      "rules.spam_template",
      checkTemplates,
      [
        "Thanks for the good writeup. It in truth was a entertainment account it. Look complex to far introduced agreeable from you!",
        "I'm extremely inspired with your writing talents and also with the format to your blog. Is that this a paid subject?",
        "Taking a few minutes and actual effort to produce a top notch article… but I hesitate a lot and never seem to get anything done.",
        "This is the right blog for anybody who wants to find out about this topic. You realize so much its almost hard to argue with you.",
        "obviously like your web-site but you need to test the spelling on quite a few of your posts.",
        "Good info. Lucky me I found your site by chance (stumbleupon).",
        "Everything is very open with a precise explanation of the issues. It was really informative.",
        "Your style is unique compared to other folks I have read stuff from.",
        "Hello there, just became alert to your blog through Google, and found that it is really informative.",
        "I blog quite often and I genuinely appreciate your content. I am going to take a note of your blog and keep checking for new information.",
        "I'm gone to inform my little brother, that he should also pay a visit this web site on regular basis to get updated from hottest news.",
        "Do you ever have any problems with hackers? My last blog (wordpress) was hacked and I ended up losing a few months of hard work.",
        "A few of the pictures aren't loading correctly. I'm not sure why but I think its a linking issue.",
        "Hello colleagues, how is all, and what you want to say concerning this paragraph, in my view its really amazing.",
        "I read this blog's articles every day along with a mug of coffee.",
        "Hello! This post could not be more helpful! Reading through it reminds me of my old teacher.",
        "It's awesome designed for me to have a web site, which is good in support of my knowledge. thanks admin",
        "Remarkable issues here. I'm very glad to see your article. Thanks so much and I'm having a look forward to contact you.",
        "Hello, i think that i saw you visited my website thus i came to return the favor. I suppose its ok to use a few of your ideas!!",
        "Its like you learn my mind! You seem to know so much approximately this, such as you wrote the book in it or something.",
        "Its such as you read my thoughts! You appear to grasp so much approximately this, like you wrote the e-book in it.",
        "Thanks for finally writing about solar. Liked it! Keep writing!",
        "Fantastic blog! Do you have any suggestions for aspiring writers?",
      ],
      [
        "Lucky me, I found a jar of rye flour at the back of the cupboard.",
        "Your style of explaining borrow checking is clearer than the book's.",
        "This is the right tool for anyone who wants to migrate off Heroku.",
        "Took a note of the cold-retard times, will report back.",
        "The third picture isn't loading for me, on Firefox at least.",
        "Our shop's site was hacked last year, so the part on backups hit home.",
        "I read this with my morning cup of coffee and went straight to the garden.",
        "Reading this reminds me of my old neighbour, who composted everything.",
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
