import { describe, expect, it } from "vitest";
import { analyzeComment } from "../../../../worker/spam/analysis";
import { checkAuthor, checkSolicitation } from "../../../../worker/spam/rules";
import { analyze, checks, score } from "./check-helpers";

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
    for (const authorWebsite of ["https://roberta-cbd.example", "https://clarabets.example", "https://myvpn.example"]) {
      const reasons = checkAuthor(analyzeComment({ body: "hi", authorName: "Roberta", authorWebsite }));
      expect(checks(reasons), authorWebsite).toEqual(["rules.website_is_keywords"]);
    }
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
    expect(score(checkAuthor(analyze("hi", "Купить диплом")), "rules.name_is_keywords")).toBe(3);
    expect(score(checkAuthor(analyze("hi", "高仿手表")), "rules.name_is_keywords")).toBe(3);
    expect(score(checkAuthor(analyze("hi", "Solar Panels Installer")), "rules.name_is_keywords")).toBe(2);
    for (const name of ["Travel Tours", "Laptop Deals", "Nanny Agency", "Tech Support", "Crypto Signals", "Tutor"]) {
      expect(checks(checkAuthor(analyze("hi", name))), name).toEqual(["rules.name_is_keywords"]);
    }
    for (const name of ["Coach Bill", "Dad of 3", "Tom & Ana", "Jane's Bakery", "Dev", "Mr Khan"]) {
      expect(checkAuthor(analyze("hi", name)), name).toEqual([]);
    }
  });
});
