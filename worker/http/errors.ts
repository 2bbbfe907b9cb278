import type { z } from "zod";
import type { ErrorBody, FieldError } from "../api/schemas";

type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 425 | 426 | 429 | 500;

/**
 * An error meant for the client: an HTTP status, a stable `code`, a sentence, bad fields if any, and
 * headers the answer carries (a 425's `Retry-After`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/**
 * Validates outside input; a failure becomes a 400 naming every bad field. `fieldPrefix` names where
 * the input came from ("header:X-Name", "id"), and is the whole field name when the input is one value.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fieldPrefix = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(result.error, fieldPrefix);
}

/** The 400 `invalid_input` for a zod error: every bad field, named, and a sentence listing them. */
export function invalidInput(error: { issues: readonly z.core.$ZodIssue[] }, fieldPrefix = ""): ApiError {
  const fields = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? fieldPrefix + issue.path.join(".") : fieldPrefix || "body",
    message: issue.message,
  }));
  return new ApiError(
    400,
    "invalid_input",
    fields.map((field) => `${field.field}: ${field.message}`).join("; "),
    fields,
  );
}

/** A thread that takes no more comments, reactions or edits. */
export const threadClosed = () => new ApiError(403, "thread_closed", "Comments are closed.");

export const notFound = {
  site: () => new ApiError(404, "site_not_found", "No site with this id"),
  thread: () => new ApiError(404, "thread_not_found", "This page has no comments yet"),
  route: () => new ApiError(404, "route_not_found", "No such route"),
};
