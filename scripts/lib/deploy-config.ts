/**
 * The configuration `npm run deploy` deploys: wrangler.jsonc as written, with what a deployment
 * behind Cloudflare Access needs turned on. Access guards the routes its application covers, and
 * nothing else: the `*.workers.dev` address and preview URLs would reach the Worker around it, so
 * they are turned off, and a Worker with no route of its own is refused.
 */

/** A mistake in wrangler.jsonc that the deployment cannot go ahead with. */
export class DeployConfigError extends Error {}

/** The parts of a raw Wrangler configuration this looks at; everything else passes through unchanged. */
export interface RawDeployConfig {
  vars?: Record<string, unknown>;
  routes?: unknown[];
  route?: unknown;
  workers_dev?: boolean;
  preview_urls?: boolean;
  [key: string]: unknown;
}

const present = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** The configuration to deploy, and one line for each thing it changed. */
export function deployConfig(raw: RawDeployConfig): { config: RawDeployConfig; changes: string[] } {
  const team = present(raw.vars?.ACCESS_TEAM_DOMAIN);
  const audience = present(raw.vars?.ACCESS_AUD);
  if (team !== audience) {
    throw new DeployConfigError("set both ACCESS_TEAM_DOMAIN and ACCESS_AUD under vars in wrangler.jsonc, or neither");
  }
  if (!team) return { config: raw, changes: [] };
  const routed = (Array.isArray(raw.routes) && raw.routes.length > 0) || raw.route !== undefined;
  if (!routed) {
    throw new DeployConfigError(
      "behind Cloudflare Access the Worker needs a route the Access application covers: add routes to wrangler.jsonc",
    );
  }
  const changes = [
    ...(raw.workers_dev === false ? [] : ["workers_dev off: the *.workers.dev address is not behind Access"]),
    ...(raw.preview_urls === false ? [] : ["preview_urls off: preview addresses are not behind Access"]),
  ];
  return { config: { ...raw, workers_dev: false, preview_urls: false }, changes };
}
