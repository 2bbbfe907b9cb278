/**
 * Teaching a site's spam classifier from imported comments (`--train`): published comments are ham,
 * spam comments spam, as a moderator's approve and mark-spam decisions teach it. The CLI reads the
 * site's model, runs `learnInBulk` over the decisions and writes the resulting change with these
 * statements, which add to the model (as `modelChangeStatements` in worker/db/spam-model.ts does)
 * and record each comment's `trained_label`, split to fit D1's statement limit. Pure.
 */
import type { Decision, ModelChange } from "../worker/spam";
import { MAX_STATEMENT_BYTES, type PlannedComment } from "./plan";
import { sqlValue } from "./sql";

export interface TrainingExample {
  idempotencyKey: string;
  decision: Decision;
}

/** The imported comments that teach the classifier, with the label each teaches. */
export function trainingExamples(comments: readonly PlannedComment[]): TrainingExample[] {
  return comments.flatMap((comment) =>
    comment.status === "published" || comment.status === "spam"
      ? [
          {
            idempotencyKey: comment.idempotencyKey,
            decision: {
              comment: {
                body: comment.body,
                authorName: comment.authorName,
                authorEmail: comment.authorEmail,
                authorWebsite: comment.authorWebsite,
              },
              label: comment.status === "published" ? "ham" : "spam",
            },
          },
        ]
      : [],
  );
}

function batches<T>(items: readonly T[], size: (item: T) => number): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let total = 0;
  for (const item of items) {
    const itemSize = size(item);
    if (batch.length > 0 && total + itemSize > MAX_STATEMENT_BYTES - 2_000) {
      out.push(batch);
      batch = [];
      total = 0;
    }
    batch.push(item);
    total += itemSize;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * The statements that add `change` to the site's model and mark the taught comments with their
 * label. Every change is an addition, so they compose with concurrent moderator decisions.
 */
export function trainingStatements(siteId: string, change: ModelChange, taught: readonly TrainingExample[]): string[] {
  const site = sqlValue(siteId);
  const statements = [
    `INSERT INTO spam_models (site_id, ham_docs, spam_docs) VALUES (${site}, ${change.hamDocs}, ${change.spamDocs}) ` +
      "ON CONFLICT (site_id) DO UPDATE SET ham_docs = max(0, spam_models.ham_docs + excluded.ham_docs), " +
      "spam_docs = max(0, spam_models.spam_docs + excluded.spam_docs)",
  ];
  const additions = [...change.weights].map(([key, value]) => [key, value.weight, value.squaredGradients] as const);
  for (const batch of batches(additions, (entry) => JSON.stringify(entry).length * 2 + 1)) {
    statements.push(
      `INSERT INTO spam_features (site_id, feature, weight, squared_gradients) SELECT ${site}, value ->> 0, value ->> 1, value ->> 2 ` +
        `FROM json_each(${sqlValue(JSON.stringify(batch))}) WHERE true ` +
        "ON CONFLICT (site_id, feature) DO UPDATE SET weight = spam_features.weight + excluded.weight, " +
        "squared_gradients = spam_features.squared_gradients + excluded.squared_gradients",
    );
  }
  for (const label of ["ham", "spam"] as const) {
    const keys = taught.filter((example) => example.decision.label === label).map((example) => example.idempotencyKey);
    for (const batch of batches(keys, (key) => key.length * 2 + 4)) {
      statements.push(
        `UPDATE comments SET trained_label = '${label}' WHERE site_id = ${site} AND trained_label IS NULL ` +
          `AND idempotency_key IN (SELECT value FROM json_each(${sqlValue(JSON.stringify(batch))}))`,
      );
    }
  }
  return statements;
}
