/**
 * Command-line arguments of the scripts (benchmarks and evaluations): read with node's `parseArgs`
 * (unknown options are mistakes) and validated with zod. A mistake exits with status 2, naming the
 * option and showing the usage line, never a stack trace.
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { z } from "zod";

/**
 * The validated arguments of `command`: `schema` sees each option under its own name and, when
 * `takesPositionals`, the other arguments as `positionals` (otherwise any is a mistake).
 */
export function readArguments<S extends z.ZodType>(
  command: string,
  usage: string,
  options: ParseArgsOptionsConfig,
  schema: S,
  takesPositionals = false,
): z.output<S> {
  try {
    const { values, positionals } = parseArgs({ options, allowPositionals: takesPositionals });
    const parsed = schema.safeParse({ ...values, positionals });
    if (parsed.success) return parsed.data;
    throw new Error(parsed.error.issues.map(describeIssue).join("; "));
  } catch (error) {
    console.error(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
}

/** An issue as the person who typed the command sees it: `--name: …` or `argument 2: …`. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const [first, index] = issue.path;
  if (first === undefined || issue.message.startsWith("--")) return issue.message;
  if (first !== "positionals") return `--${String(first)}: ${issue.message}`;
  return typeof index === "number" ? `argument ${index + 1}: ${issue.message}` : issue.message;
}

/** An option given as text that must be a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  return z.coerce
    .number({ error: (issue) => (issue.code === "invalid_type" ? "must be a number" : undefined) })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}
