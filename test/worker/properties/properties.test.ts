/**
 * Property-based tests (fast-check): for any input, the renderer emits only safe markup, normalisation
 * is stable, the tree builder keeps every visible comment exactly once, and no request body or query
 * makes the API answer 500.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PublicComment } from "../../../worker/api/schemas";
import { buildTree, type ThreadRow } from "../../../worker/db/threads";
import { normalizeForComparison } from "../../../worker/duplicates";
import { renderMarkdown } from "../../../worker/render/markdown";
import { call, createSite, formToken, newKey } from "../helpers";

const markdownish = fc.string({
  unit: fc.constantFrom(
    ..."<>\"'&=/:;()[]{}*_`~#>-+.!\\\n \tajsJS0123456789".split(""),
    "javascript:",
    "https://",
    "data:",
    "<script>",
    "onerror=",
    "&#x3C;",
    "\u202e",
    "\u200b",
  ),
  maxLength: 300,
});
const anyText = fc.oneof(
  markdownish,
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const allowedTag =
  /^<\/?(p|br|em|strong|code|pre|blockquote|ul|ol|li)>$|^<a href="(https?:|mailto:)[^"<>]*" rel="nofollow ugc noopener" target="_blank">$|^<\/a>$/;

describe("renderMarkdown, for any input", () => {
  it("emits only the allowed tags, links only to http(s) and mailto, and no raw < or > outside tags", () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const html = renderMarkdown(input.replace(/\r\n?/g, "\n").trim());
        for (const tag of html.match(/<[^>]*>?/g) ?? []) expect(tag).toMatch(allowedTag);
        const text = html.replace(/<[^>]*>/g, "");
        expect(text).not.toMatch(/[<>"]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("normalizeForComparison, for any input", () => {
  it("is stable: normalising twice changes nothing, and never leaves zero-width or bidi controls", () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const once = normalizeForComparison(input);
        expect(normalizeForComparison(once)).toBe(once);
        expect(once).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
      }),
      { numRuns: 500 },
    );
  });
});

const statuses = ["published", "pending", "spam", "deleted"] as const;

/** A random thread: each comment replies to an earlier one or starts a subtree, in id order. */
const threadRows = fc
  .array(
    fc.record({
      parentPick: fc.nat(),
      topLevel: fc.boolean(),
      status: fc.constantFrom(...statuses),
      mine: fc.boolean(),
    }),
    {
      maxLength: 60,
    },
  )
  .map((specs) =>
    specs.map((spec, index): ThreadRow => {
      const id = index + 1;
      const parentId = index === 0 || spec.topLevel ? null : (spec.parentPick % index) + 1;
      return {
        id,
        parentId,
        authorName: `a${id}`,
        authorWebsite: null,
        bodyHtml: `<p>${id}</p>`,
        status: spec.status,
        createdAt: 0,
        pinned: false,
        staffModeratorId: null,
        mine: spec.mine ? 1 : 0,
      };
    }),
  );

function flatten(comments: PublicComment[]): PublicComment[] {
  return comments.flatMap((comment) => [comment, ...flatten(comment.replies)]);
}

describe("buildTree, for any thread", () => {
  it("shows every visible comment exactly once, under its own parent, and removed ones only above visible replies", () => {
    fc.assert(
      fc.property(threadRows, (rows) => {
        const tree = buildTree(rows, null);
        const shown = flatten(tree);
        const visible = rows.filter(
          (row) =>
            row.status === "published" || ((row.status === "pending" || row.status === "spam") && row.mine === 1),
        );
        const shownIds = shown.map((comment) => comment.id);
        expect(new Set(shownIds).size).toBe(shownIds.length);
        for (const row of visible) expect(shownIds).toContain(row.id);
        for (const comment of shown) {
          for (const reply of comment.replies) expect(reply.parentId).toBe(comment.id);
          if (comment.status === "removed") {
            expect(comment.bodyHtml).toBe("");
            expect(flatten(comment.replies).some((reply) => reply.status !== "removed")).toBe(true);
          }
        }
        for (const top of tree) expect(top.parentId).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe("the API, for any request", () => {
  it("answers a comment post with anything in its body with a 4xx JSON error or success, never a 500", async () => {
    await createSite("fuzz");
    const token = await formToken("fuzz");
    const field = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
    );
    const body = fc.record(
      {
        page: fc.oneof(field, fc.constant("/post/hello")),
        authorName: fc.oneof(field, fc.constant("Ada")),
        authorEmail: field,
        authorWebsite: fc.oneof(field, fc.constant("javascript:alert(1)")),
        body: fc.oneof(field, anyText),
        parentId: field,
        idempotencyKey: fc.oneof(field, fc.constant(newKey())),
        formToken: fc.oneof(field, fc.constant(token)),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, fc.anything()), async (input) => {
        const response = await call("/api/sites/fuzz/comments", {
          body: input,
          headers: { "CF-Connecting-IP": `fuzz-${Math.random()}` },
        });
        expect(response.status).toBeLessThan(500);
        const answer = (await response.json()) as { error?: { code: string } };
        if (response.status >= 400) expect(answer.error?.code).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
  });

  it("answers any query string on the read routes without a 500", async () => {
    await createSite("fuzz-reads");
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constant("/post/hello"), fc.integer().map(String));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("page", "cursor", "limit", "x"), value),
        fc.constantFrom("thread", "counts", "form"),
        async (query, route) => {
          const response = await call(`/api/sites/fuzz-reads/${route}?${new URLSearchParams(query)}`);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
