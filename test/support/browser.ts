/**
 * Chromium for widget tests, end-to-end tests and the render bench, driven by playwright-core.
 *
 * Which Chromium: `CHROMIUM_PATH` if set, else Debian's `/usr/bin/chromium`, else the one shipped
 * inside the npm package `@sparticuz/chromium`, so `npm install && npm test` needs no system
 * package. The packaged browser is launched with this project's arguments, never the package's
 * own (they include `--disable-web-security`, which would make the CORS tests meaningless), and
 * with the NSS libraries and fonts it ships, which a bare machine lacks.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";

const systemChromium = "/usr/bin/chromium";

const launchArguments = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

interface Executable {
  path: string;
  env?: Record<string, string>;
}

/** Unpacks one of the package's `.tar.br` archives into `target` once; a half-written unpack is never seen. */
function unpackOnce(archive: string, target: string): void {
  if (existsSync(target)) return;
  const work = mkdtempSync(join(tmpdir(), "chorus-unpack-"));
  writeFileSync(join(work, "archive.tar"), brotliDecompressSync(readFileSync(archive)));
  execFileSync("tar", ["-xf", join(work, "archive.tar"), "-C", work]);
  rmSync(join(work, "archive.tar"));
  try {
    renameSync(work, target);
  } catch (error) {
    if (!existsSync(target)) throw error;
    rmSync(work, { recursive: true, force: true });
  }
}

async function packagedChromium(): Promise<Executable> {
  const { default: packaged } = await import("@sparticuz/chromium");
  const path = await packaged.executablePath();
  const bin = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..", "bin");
  const libraries = join(tmpdir(), "chorus-chromium-libraries");
  const fonts = join(tmpdir(), "chorus-chromium-fonts");
  unpackOnce(join(bin, "al2023.tar.br"), libraries);
  unpackOnce(join(bin, "fonts.tar.br"), fonts);
  return {
    path,
    env: { ...process.env, LD_LIBRARY_PATH: join(libraries, "lib"), FONTCONFIG_PATH: fonts } as Record<string, string>,
  };
}

let executable: Promise<Executable> | undefined;

export function chromiumExecutable(): Promise<Executable> {
  executable ??= process.env.CHROMIUM_PATH
    ? Promise.resolve({ path: process.env.CHROMIUM_PATH })
    : existsSync(systemChromium)
      ? Promise.resolve({ path: systemChromium })
      : packagedChromium();
  return executable;
}

export async function launchChromium(): Promise<Browser> {
  const { path, env } = await chromiumExecutable();
  return chromium.launch({ executablePath: path, args: launchArguments, env });
}

/** Makes `page` block third-party cookies, as browsers now do by default (Chromium's cookie controls, over DevTools). */
export async function blockThirdPartyCookies(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("Network.enable");
  await devtools.send("Network.setCookieControls", { enableThirdPartyCookieRestriction: true });
}
