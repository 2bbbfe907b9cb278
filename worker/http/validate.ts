/**
 * Request validation as Hono middleware: `@hono/zod-validator` with our own answers. A handler after
 * `jsonRequest, validJson(schema)` reads `c.req.valid("json")`; after `validQuery(schema)`,
 * `c.req.valid("query")`. A body that is not JSON is a 415, JSON that does not parse a 400
 * `invalid_json`, and input the schema refuses a 400 `invalid_input` naming every bad field.
 */
import { zValidator } from "@hono/zod-validator";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import type { AppEnv } from "../env";
import { readJsonBody } from "./body";
import { invalidInput } from "./errors";

/** Refuses a body that is not JSON before any schema sees it; Hono keeps the parsed body for the validator. */
export const jsonRequest = createMiddleware<AppEnv>(async (c, next) => {
  await readJsonBody(c);
  await next();
});

function refuseInvalid(result: { success: boolean; error?: { issues: readonly z.core.$ZodIssue[] } }): void {
  if (!result.success && result.error) throw invalidInput(result.error);
}

/** The JSON body, validated by `schema` (after `jsonRequest`). */
export const validJson = <S extends z.ZodType>(schema: S) => zValidator("json", schema, refuseInvalid);

/** The query string, validated by `schema`. */
export const validQuery = <S extends z.ZodType>(schema: S) => zValidator("query", schema, refuseInvalid);
