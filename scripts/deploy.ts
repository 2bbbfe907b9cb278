/**
 * npm run deploy [-- wrangler deploy options]: deploys the Worker with the configuration
 * scripts/lib/deploy-config.ts makes from wrangler.jsonc, written next to it as
 * wrangler.deploy.json (so its relative paths hold) and passed to `wrangler deploy --config`.
 * A mistake in wrangler.jsonc is one line and exit 2; nothing is deployed.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { experimental_readRawConfig } from "wrangler";
import { DeployConfigError, deployConfig, type RawDeployConfig } from "./lib/deploy-config";

const generated = "wrangler.deploy.json";

try {
  const { rawConfig } = experimental_readRawConfig({ config: "wrangler.jsonc" });
  const { config, changes } = deployConfig(rawConfig as RawDeployConfig);
  for (const change of changes) console.log(`deploy: ${change}`);
  writeFileSync(generated, `${JSON.stringify(config, null, 2)}\n`);
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(`deploy: ${error.message}`);
  process.exit(2);
}
const deployed = spawnSync("wrangler", ["deploy", "--config", generated, ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(deployed.status ?? 1);
