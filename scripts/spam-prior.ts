/**
 * Trains the cold-start spam prior on the public corpora (`PRIOR_SOURCES`) and writes it to
 * worker/spam/prior.json, which the Worker bundles.
 *
 *   npm run spam:prior
 *
 * Deterministic: the same corpora give the same file. Prints the file's size and feature count.
 */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { readArguments } from "./lib/cli.ts";
import { readCorpus } from "./lib/spam-corpus.ts";
import { PRIOR_SOURCES, trainPrior } from "./lib/spam-evaluation.ts";

const OUTPUT = "worker/spam/prior.json";

readArguments("spam:prior", "npm run spam:prior", {}, z.object({}));
const prior = await trainPrior(PRIOR_SOURCES.map((path) => readCorpus(path)));
const text = `${JSON.stringify(prior, null, 2)}\n`;
writeFileSync(OUTPUT, text);
console.log(
  `${OUTPUT}: ${Object.keys(prior.weights).length} features from ${prior.hamDocs} ham and ${prior.spamDocs} spam, ${text.length} bytes`,
);
