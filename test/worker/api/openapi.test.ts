import { describe, expect, it } from "vitest";
import { openApiPath } from "../../../worker/api/openapi";
import { createApp } from "../../../worker/app";
import { call } from "../helpers";

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: { name: string; in: string; required: boolean }[];
        requestBody?: {
          content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }>;
        };
      }
    >
  >;
}

/** Every route the app declares, as method and OpenAPI path. */
const declared = [
  ...new Set(
    createApp()
      .routes.filter((route) => route.method !== "ALL" && route.path.startsWith("/api/"))
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`),
  ),
];

describe("GET /api/openapi.json", () => {
  it("describes every route the app declares, and nothing else", async () => {
    const response = await call("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as Document;
    expect(document.openapi).toBe("3.1.0");
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(declared.length).toBeGreaterThan(35);
    expect(described.sort()).toEqual([...declared].sort());
  });

  it("generates request bodies and query parameters from the routes' zod schemas", async () => {
    const document = (await (await call("/api/openapi.json")).json()) as Document;
    const post = document.paths["/api/sites/{site}/comments"]?.post;
    const body = post?.requestBody?.content["application/json"]?.schema;
    expect(body?.required).toEqual(
      expect.arrayContaining(["page", "authorName", "body", "idempotencyKey", "formToken"]),
    );
    expect(body?.properties.authorWebsite).toMatchObject({ type: "string", maxLength: 200 });
    const thread = document.paths["/api/sites/{site}/thread"]?.get;
    expect(thread?.parameters).toEqual(
      expect.arrayContaining([
        { name: "site", in: "path", required: true, schema: { type: "string" } },
        expect.objectContaining({ name: "page", in: "query", required: true }),
        expect.objectContaining({ name: "sort", in: "query", required: false }),
      ]),
    );
  });
});
