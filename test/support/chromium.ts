import { rm } from "node:fs/promises";
import type { DevStackProcess } from "@coursecast/dev";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium, headless, without the background traffic that slows a busy machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/** What the page saw (console, failed requests, 4xx/5xx answers), printed when a step fails. */
export function recordPageLog(page: Page, log: string[]): void {
  page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) =>
    log.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) log.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
}

/**
 * A browser suite's teardown: the tail of its page log printed (the context of a failed
 * step), then the browser, the dev stack and the data folder gone, whichever were started.
 */
export async function closeBrowserSuite(suite: {
  pageLog: readonly string[];
  /** How many of the log's last lines to print. */
  logLines: number;
  browser: Browser | undefined;
  stack: DevStackProcess | undefined;
  dataDir: string;
}): Promise<void> {
  if (suite.pageLog.length) console.log(suite.pageLog.slice(-suite.logLines).join("\n"));
  await suite.browser?.close();
  await suite.stack?.stop();
  await rm(suite.dataDir, { recursive: true, force: true });
}
