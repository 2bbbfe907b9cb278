import { describe, expect, it } from "vitest";
import { analyzeComment } from "../../../../worker/spam/analysis";
import { checkSolicitation } from "../../../../worker/spam/rules";
import { decideVerdict, defaultSpamSettings } from "../../../../worker/spam/verdict";
import { analyze, checks, expectFires, score } from "./check-helpers";

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

  it("takes “check this out” before a source for a citation, not an order: only a link to a page of the author's counts", () => {
    const bait = (body: string) => checks(checkSolicitation(analyze(body))).includes("rules.engagement_bait");
    expect(bait("Check this out: https://github.com/expressjs/express/issues/4832 same bug, fixed in 5.0")).toBe(false);
    expect(bait("check this https://stackoverflow.com/questions/4823 it explains the race")).toBe(false);
    expect(
      bait("Check this out, the spec says so: https://www.w3.org/TR/WCAG22/ and https://en.wikipedia.org/wiki/WCAG"),
    ).toBe(false);
    expect(bait("Check this out: https://soundcloud.com/nereboy/call-of-the-lost")).toBe(true);
    expect(bait("Check this out: https://docs.google.com/forms/d/e/1FAIpQ/viewform")).toBe(true);
    expect(bait("check this https://github.com/x/y and my mixtape https://soundcloud.com/x")).toBe(true);
    expect(bait("Subscribe to the channel newsletter here https://promo.example/list")).toBe(true);
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
      "Subscribe to the JR East newsletter, they email fare codes before each season.",
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

  it("finds a phone number at the end of a sentence, before a comma or written +1 (888) …, but not in a decimal", () => {
    expectFires(
      "rules.phone_number",
      checkSolicitation,
      [
        "For any QuickBooks error call our toll free number +1 (888) 555-0123, 24/7 support.",
        "Same day service in Dallas, ring 214-555-0199.",
        "Best rates in town: 0800 316 9800",
      ],
      ["The total came to 1 234 567.89 after tax, 2 000 000,50 in euros.", "Version 20 24 11.2 fixed it"],
    );
  });

  it("takes a business sending readers to itself for self-promotion, not a reader visiting friends", () => {
    expectFires(
      "rules.self_promotion",
      checkSolicitation,
      [
        "Lovely routine! For advanced skin treatments visit our clinic in Dubai.",
        "Amazing photos! Download my Lightroom presets, they're free.",
        "Nice! Buy the best electric composter on Amazon, link in my profile.",
        "Yes! Finally something about guitar. my web site: https://cheap-guitars-outlet.example",
        "Feel free to surf to my web page for more.",
        "Love this! We build custom camper van conversions, check our gallery and get a quote.",
      ],
      ["We'll visit our friends in Tromsø and book the tour there.", "Join my team at the parkrun on Saturday!"],
    );
  });

  it("finds a business's pitch by two of its parts, the offer, an order and a deal, whatever it sells", () => {
    expectFires(
      "rules.sales_pitch",
      checkSolicitation,
      [
        "Gorgeous! Our bridal boutique has 500+ designer gowns, visit us this weekend for 30% off all dresses.",
        "Nice tank! We sell live aquarium plants grown in our own nursery, shipped in 24h.",
        "If your Mac won't boot, bring it to our repair centre in Croydon, same day fix, no fix no fee.",
        "Best fish food on the market, 100% natural ingredients, order on Amazon today.",
        "Stop paying taxes! Learn the secret the rich use to pay 0% tax. Free webinar, sign up now.",
        "Thinking of upgrading? We stock every major brand of sewing machine with free next day delivery.",
        "Is your Mac running slow? Download MacCleaner Pro now and speed it up by 300%!",
        "Teach your kids robotics with our award-winning STEM kits. Use code LEARN10 for 10% off.",
        "We edit podcasts from $29 an episode, 48 hour turnaround. Send us your audio!",
        "Host your podcast free forever with unlimited storage. Sign up in 30 seconds.",
        "Buy raw milk directly from our farm, delivery in London every Tuesday. WhatsApp to order.",
        "Get up to 4 free quotes from MCS certified installers in your area in 60 seconds.",
        "Save more on groceries! Our cashback app gives you 5% back on every shop, join free today.",
        "Drowning in debt? Our advisors can write off up to 80% of what you owe. Free, no-obligation call.",
        "Fuel your next race with our natural energy gels, free sample pack with every order.",
        "I earn an extra £1,500 a month with a simple side hustle, no experience needed. Ask me how!",
        "Build accessible forms in minutes with our drag-and-drop builder. 14-day free trial.",
      ],
      [
        "We sell refurbished Macs at our shop and honestly the M1 Air is still the best value for switchers.",
        "I teach a beginners' sewing class at our community centre and I'll be sharing this with the group!",
        "Get an accountant for your first year. Mine cost £300 and saved me £2k.",
        "Order plants from a local store if you can, the mail order ones often melt.",
        "Get fitted at a running shop, not online. I got mine for £30 in the sale.",
        "Are you looking for the recipe card? It's at the bottom of the post.",
        "Get three quotes at least. Ours varied by £4,000 for the same panels.",
        "We sell our excess to the grid for 15p/kWh, worth checking the export tariffs.",
        "I offer to guest on small podcasts about urban gardening if anyone needs a guest, happy to help!",
        "Get a free credit report before any loan, it's your right. Saved me from a bad deal.",
        "Our landlord put the rent up 18% this year, up to 20% is legal here apparently.",
        "Ask me how to set up the hive stand, happy to share photos.",
      ],
    );
  });

  it("does not count a money word the page's title uses: it is what the post is about", () => {
    const under = (pageTitle: string, body: string) =>
      checks(checkSolicitation(analyzeComment({ body, authorName: "Hamid", pageTitle })));
    const body = "Bitcoin's volatility is still the elephant in the room for pension funds, though.";
    expect(under("Bitcoin ETF approval: what it means", body)).toEqual([]);
    expect(under("Sourdough for beginners", body)).toEqual(["rules.money_words"]);
    expect(under("Investing for beginners", "I started investing at 40, is it too late?")).toEqual([]);
    expect(under("Investing for beginners", "Made $5k profit with bitcoin trading")).toEqual(["rules.money_words"]);
  });

  it("knows SEO outreach, dating sites, diet pills told as a story, German loans and Indonesian spam, not readers on those topics", () => {
    expectFires(
      "rules.commercial",
      checkSolicitation,
      [
        "Hi, I noticed your site isn't ranking for some important keywords. Reply for a free quote.",
        "We can get your website to the first page of Google within 30 days.",
        "Hot singles in your area are waiting, meet them tonight",
        "I've been using the Keto Burn gummies for 3 weeks and lost 12 pounds! Get yours here",
        "Günstige Kredite ohne Schufa, jetzt online beantragen",
        "Jual obat kuat asli, pengiriman cepat ke seluruh Indonesia",
        "Situs slot gacor terpercaya, daftar di agen judi bola kami",
        "Jasa SEO murah dan backlink berkualitas",
        "Want to monitor your kids' phone secretly? Try our spy app free for 7 days",
        "Nice blog post! Are you looking for solar panel installation in Sydney? Get a free quote today.",
        "Are you looking for an affordable wedding photographer in London?",
        "Our online dog training course has helped 10,000+ owners. Enroll now and get 40% off.",
        "Nice and useful information. We provide website development services in Dubai at reasonable prices.",
        "If you want to know how much it costs to build an app like Uber, read our guide.",
        "Want more customers? Buy Google reviews from real local guides.",
        "Buy verified Cash App accounts with BTC enabled.",
        "Nice! Buy the best electric composter on Amazon.",
        "Try our AI writer free, no credit card needed.",
        "Do my homework for me cheap, A+ guaranteed.",
        "Claim your free $ARB airdrop now before it ends, connect wallet",
        "Become a mystery shopper and get paid $400 per assignment.",
        "Great tips for new owners! Our store offers premium dog food at wholesale prices.",
        "Beautiful work! We offer professional furniture restoration in Birmingham.",
        "Stunning shots! Join our northern lights tour in Tromsø, limited seats, book now!",
        "We supply commercial coffee machines to cafés across the UK, get in touch for a quote.",
        "If you've been injured, our attorneys can get you the compensation you deserve.",
        "free v-bucks generator 2027 no human verification working 100%",
        "Косметика оптом по низким ценам, доставка по всей России!",
        "Students, get your assignments written by PhD experts, plagiarism free, 24/7.",
        "Get sure football betting tips every day, 95% win rate. Join our VIP on Telegram.",
        "Vaccines are poison! Heal naturally with our detox program, 100% results.",
        "Struggling with sleep? Our melatonin gummies work in 20 minutes. Order now!",
        "As a doctor I recommend ModaSleep, the only natural supplement that works. Get it here: modasleep.example",
        "Rent a camper van in Scotland from £59 a day! Book online today.",
      ],
      [
        "We got a free quote from three installers and the cheapest was not the best.",
        "Are you looking for the photos from the meetup? They're in the album.",
        "I use Screen Time to see how long the kids are on their phones, no secret about it.",
        "Brands that buy Google reviews should be fined. Never buy followers either.",
        "Don't buy followers, it kills your reach.",
        "We offer the same course at our library, it's free.",
        "Did you try the Uber app in Lisbon? It worked fine.",
        "I get paid $20 an hour as a barista, so index funds are slow going.",
        "The airdrop last year was a scam, don't click anything.",
        "We use almost the same method in our shop, but with a 48h cold retard.",
        "Our vet offers a free puppy check, worth asking yours.",
        "We'll visit our friends in Tromsø and book the tour there.",
        "My solicitor got me the compensation, no win no fee.",
        "This honey is 100% natural and the jar says so.",
        "I wrote my thesis on betting markets, the odds were fascinating.",
        "I'd order now if they shipped to Canada, do they?",
        "Melatonin is the only supplement that works for my jet lag.",
        "Your post is the first result on Google for cold retard, congrats.",
        "Our keyword research showed the same, ranking is slow for new sites.",
        "I lost 12 pounds in 3 weeks just walking to work, no pills needed.",
        "The diet pills my aunt took did nothing, as you say.",
        "Der Kredit für die Küche kam von unserer Hausbank.",
      ],
    );
  });

  it("knows Russian, Chinese, Japanese and Korean blog spam's selling and messenger IDs, not a reader asking where to buy", () => {
    expectFires(
      "rules.commercial",
      checkSolicitation,
      [
        "Купить диплом о высшем образовании недорого с доставкой по Москве",
        "Скачать игры на компьютер бесплатно без регистрации",
        "Займы онлайн на карту без отказа",
        "高仿手表 最低价格 微信：abc12345",
        "专业代开发票，联系QQ 88886666",
        "スーパーコピー時計 激安通販 専門店",
        "온라인카지노 바카라 추천 사이트",
      ],
      [
        "Где купить такую форму для хлеба? Отличный рецепт!",
        "Спасибо, скачал пример и всё заработало.",
        "这个方法很好用，我用微信分享给同事了。",
        "この記事はとても役に立ちました。ありがとう！",
        "정말 좋은 글이네요. 감사합니다!",
      ],
    );
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
