/**
 * `npm run deploy` behind Cloudflare Access: the configuration it deploys turns off every address
 * Access does not guard, and a configuration that would leave the console outside Access is refused
 * before anything is deployed. Run as a blogger runs it, with wrangler's --dry-run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { quietEnvironment } from "../../scripts/lib/child-env";
import { deployConfig } from "../../scripts/lib/deploy-config";

const project = mkdtempSync(join(tmpdir(), "chorus-deploy-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const access = { ACCESS_TEAM_DOMAIN: "https://team.cloudflareaccess.com", ACCESS_AUD: "aud-tag" };

/** Runs the deploy script in a project whose wrangler.jsonc has `vars` and `extra`. */
function deploy(vars: Record<string, string>, extra: Record<string, unknown> = {}) {
  const config = { name: "chorus-deploy-test", main: resolve("worker/index.ts"), compatibility_date: "2026-11-01" };
  writeFileSync(
    join(project, "wrangler.jsonc"),
    `// a blogger's config\n${JSON.stringify({ ...config, vars, ...extra })}`,
  );
  rmSync(join(project, "wrangler.deploy.json"), { force: true });
  return spawnSync("tsx", [resolve("scripts/deploy.ts"), "--dry-run", "--outdir", join(project, "out")], {
    cwd: project,
    encoding: "utf8",
    env: quietEnvironment(),
  });
}

const deployed = () => JSON.parse(readFileSync(join(project, "wrangler.deploy.json"), "utf8"));

describe("npm run deploy", () => {
  it("behind Access, deploys with workers.dev and preview URLs off, and says so", () => {
    const result = deploy(access, { routes: [{ pattern: "comments.blog.example", custom_domain: true }] });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("deploy: workers_dev off: the *.workers.dev address is not behind Access");
    expect(deployed()).toMatchObject({ workers_dev: false, preview_urls: false, vars: access });
  });

  it("refuses, on one line with exit 2, Access without a route or with half its settings", () => {
    for (const [vars, message] of [
      [access, "behind Cloudflare Access the Worker needs a route the Access application covers"],
      [{ ACCESS_AUD: "aud-tag" }, "set both ACCESS_TEAM_DOMAIN and ACCESS_AUD"],
    ] as const) {
      const result = deploy(vars);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
  });

  it("leaves a configuration without Access as it is", () => {
    const raw = { name: "chorus", vars: { PUBLIC_ORIGIN: "" } };
    expect(deployConfig(raw)).toEqual({ config: raw, changes: [] });
    const result = deploy({ PUBLIC_ORIGIN: "" });
    expect(result.status, result.stderr).toBe(0);
    expect(deployed().workers_dev).toBeUndefined();
  });
});
