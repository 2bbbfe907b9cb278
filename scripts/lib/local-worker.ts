/**
 * A real local Chorus for end-to-end tests and benchmarks: the Worker as `wrangler dev` runs it, on
 * its own port with its own D1 state, migrated, and sites created with the site CLI, exactly as a blogger would.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import { defaultFormTokenAges } from "../../worker/intake/form-token";
import { quietEnvironment } from "./child-env";
import { runCli } from "./compiled-cli";
import { closeD1, runStatements, type StatementResult } from "./d1";
import { type Mailbox, startMailbox } from "./mailbox";

export interface LocalWorker {
  /** http://127.0.0.1:PORT — where the API and embed.js are served. */
  apiOrigin: string;
  /** http://localhost:PORT — the same Worker under another origin, to play the blog's origin. */
  blogOrigin: string;
  /** The Worker's local state directory: pass it as --persist-to to the CLIs to use its database. */
  stateDir: string;
  /** Runs the site CLI against this Worker's database. */
  site(...args: string[]): void;
  /**
   * A form token for each of `pages` of `site`, as the form gets them (GET /form, fifty at a time),
   * once they are old enough for the server to take a comment sent with them.
   */
  formTokens(site: string, pages: readonly string[]): Promise<string[]>;
  /** Runs SQL statements against this Worker's database, in one transaction. */
  sql(statements: string[]): Promise<StatementResult[]>;
  /** The local mailbox the Worker sends its emails to, when started with `mailbox: true`. */
  mailbox: Mailbox | null;
  /** Runs the Worker's cron handler for `cron` (one of wrangler.jsonc's triggers) and waits for it. */
  scheduled(cron: string): Promise<void>;
  /** Kills the Worker at once (SIGKILL, as a crashed machine would be): requests in flight get no answer. */
  crash(): Promise<void>;
  /** Starts the Worker again, on the same port and the same database, after `crash`. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: "utf8", env: quietEnvironment() });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
}

/**
 * A local state directory with every migration applied by `wrangler d1 migrations apply`, made once
 * per set of migrations (and wrangler version) and kept in the temporary directory: applying them
 * takes wrangler some fourteen seconds, and each local Worker starts from a copy of it instead.
 */
export function migratedState(): string {
  const hash = createHash("sha256").update(readFileSync("node_modules/wrangler/package.json"));
  for (const file of readdirSync("migrations")
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    hash.update(file).update(readFileSync(join("migrations", file)));
  }
  const template = join(tmpdir(), `chorus-migrated-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(template)) return template;
  const staging = mkdtempSync(join(tmpdir(), "chorus-migrating-"));
  run("wrangler", ["d1", "migrations", "apply", "chorus", "--local", "--persist-to", staging]);
  try {
    renameSync(staging, template);
  } catch (error) {
    // Another process made the same template first: theirs is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(template)) throw error;
  }
  return template;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

type Bindings = Record<string, { type: "plain_text" | "secret_text"; value: string }>;

/**
 * Starts the Worker in this process with wrangler's programmatic harness (`unstable_startWorker`,
 * what `wrangler dev` runs): workerd on `port`, the state in `state`, ready when it resolves.
 */
async function launch(options: { entry?: string; port: number; state: string; assets: string; bindings: Bindings }) {
  process.env.WRANGLER_LOG ??= "error";
  const worker = await unstable_startWorker({
    config: "wrangler.jsonc",
    ...(options.entry ? { entrypoint: options.entry } : {}),
    assets: options.assets,
    bindings: options.bindings,
    dev: {
      server: { hostname: "127.0.0.1", port: options.port },
      persist: options.state,
      inspector: false,
      watch: false,
      testScheduled: true,
      logLevel: "error",
    },
  });
  await worker.ready;
  return worker;
}

/**
 * Starts the Worker with the built assets plus `pages` (path → HTML, given the API origin), which it
 * serves as static files: a plain blog page that embeds Chorus with one script tag. `entry` runs
 * another module in the Worker's place, with the same bindings (benchmarks use it). `mailbox` turns
 * email on, into a local mailbox that writes each email to disk. `vars` adds environment variables.
 */
export async function startLocalWorker(
  options: {
    pages?: (apiOrigin: string) => Record<string, string>;
    entry?: string;
    mailbox?: boolean;
    vars?: Record<string, string>;
  } = {},
): Promise<LocalWorker> {
  const state = mkdtempSync(join(tmpdir(), "chorus-e2e-"));
  cpSync(migratedState(), state, { recursive: true });
  const assets = join(state, "assets");
  cpSync("dist/public", assets, { recursive: true });
  const port = await freePort();
  const pages = options.pages?.(`http://127.0.0.1:${port}`) ?? {};
  for (const [path, html] of Object.entries(pages)) writeFileSync(join(assets, path), html);
  const mailbox = options.mailbox ? await startMailbox(join(state, "mail")) : null;
  const mailVars: Record<string, string> = mailbox
    ? { MAIL_FROM: "Chorus <comments@localhost>", MAIL_HTTP_URL: mailbox.url }
    : {};
  const plain = { SERVER_TIMING: "writes", ...mailVars, ...options.vars };
  const bindings: Bindings = {
    IP_HASH_SALT: { type: "secret_text", value: "local-worker-salt" },
    FORM_TOKEN_SECRET: { type: "secret_text", value: "local-worker-form-secret" },
    ...Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, { type: "plain_text", value }])),
  };
  const launchOptions = { entry: options.entry, port, state, assets, bindings };
  let worker: Awaited<ReturnType<typeof launch>> | null = await launch(launchOptions);
  /** Disposes of the Worker: workerd is killed at once (SIGKILL), requests in flight get no answer. */
  const kill = async () => {
    await worker?.dispose();
    worker = null;
  };
  return {
    apiOrigin: `http://127.0.0.1:${port}`,
    blogOrigin: `http://localhost:${port}`,
    stateDir: state,
    site: (...args) => {
      const result = runCli("site", [...args, "--persist-to", state]);
      if (result.status !== 0) throw new Error(`site ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
    },
    formTokens: async (site, pages) => {
      const tokens: string[] = [];
      for (let start = 0; start < pages.length; start += 50) {
        const batch = pages.slice(start, start + 50).map(async (page) => {
          const url = `http://127.0.0.1:${port}/api/sites/${encodeURIComponent(site)}/form?${new URLSearchParams({ page })}`;
          return ((await (await fetch(url)).json()) as { formToken: string }).formToken;
        });
        tokens.push(...(await Promise.all(batch)));
      }
      await new Promise((resolve) => setTimeout(resolve, defaultFormTokenAges.minAgeMs + 100));
      return tokens;
    },
    // A Miniflare per call: the Worker's tests leave the database idle long enough for workerd to
    // close a kept-alive connection under a later call.
    sql: async (statements) => {
      try {
        return await runStatements(statements, { remote: false, persistTo: state });
      } finally {
        await closeD1();
      }
    },
    mailbox,
    scheduled: async (cron) => {
      const response = await fetch(`http://127.0.0.1:${port}/__scheduled?${new URLSearchParams({ cron })}`);
      if (!response.ok) throw new Error(`the cron handler answered ${response.status}: ${await response.text()}`);
    },
    crash: kill,
    restart: async () => {
      worker = await launch(launchOptions);
    },
    stop: async () => {
      await kill();
      await mailbox?.close();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
