/**
 * A real local Chorus for end-to-end tests and benchmarks: `wrangler dev` on its own port with its
 * own D1 state, migrated, and sites created with the site CLI, exactly as a blogger would.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultFormTokenAges } from "../../worker/intake/form-token";
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
  /** Kills the Worker at once (SIGKILL, as a crashed machine would be): requests in flight get no answer. */
  crash(): Promise<void>;
  /** Starts the Worker again, on the same port and the same database, after `crash`. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: "utf8", env: quietEnv });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
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

/** Runs `wrangler dev` with `args` in its own process group, once it says it is ready. */
async function launch(args: string[]): Promise<ChildProcess> {
  const child = spawn("wrangler", args, { env: quietEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`wrangler dev exited with ${code}:\n${output}`)));
  });
  return child;
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
  const assets = join(state, "assets");
  cpSync("dist/public", assets, { recursive: true });
  const port = await freePort();
  const pages = options.pages?.(`http://127.0.0.1:${port}`) ?? {};
  for (const [path, html] of Object.entries(pages)) writeFileSync(join(assets, path), html);
  run("wrangler", ["d1", "migrations", "apply", "chorus", "--local", "--persist-to", state]);
  const mailbox = options.mailbox ? await startMailbox(join(state, "mail")) : null;
  const mailVars = mailbox
    ? ["--var", "MAIL_FROM:Chorus <comments@localhost>", "--var", `MAIL_HTTP_URL:${mailbox.url}`]
    : [];
  const args = [
    "dev",
    ...(options.entry ? [options.entry] : []),
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    state,
    "--assets",
    assets,
    "--show-interactive-dev-session=false",
    "--var",
    "IP_HASH_SALT:local-worker-salt",
    "--var",
    "FORM_TOKEN_SECRET:local-worker-form-secret",
    "--var",
    "SERVER_TIMING:writes",
    ...mailVars,
    ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  let child = await launch(args);
  /** Signals wrangler's whole process group (workerd with it) and waits for wrangler to exit. */
  const kill = async (signal: NodeJS.Signals) => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, signal);
    await exited;
  };
  return {
    apiOrigin: `http://127.0.0.1:${port}`,
    blogOrigin: `http://localhost:${port}`,
    stateDir: state,
    site: (...args) => run("tsx", ["scripts/site.ts", ...args, "--persist-to", state]),
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
    crash: () => kill("SIGKILL"),
    restart: async () => {
      child = await launch(args);
    },
    stop: async () => {
      await kill("SIGTERM");
      await mailbox?.close();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
