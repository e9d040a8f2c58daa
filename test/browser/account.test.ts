import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { waitForMail } from "@coursecast/dev/mail";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";

// The console's account pages in Chromium against `npm run dev`'s stack, reading the
// e-mailed links from the dev stack's mail capture (no mail server).
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
const pageLog: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-account-"));
  stack = await startDevStack(dataDir, await allocateDevPorts(), { DEV_TRANSCODERS: "0" });
  browser = await launchChromium();
}, 180_000);

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

/** The console link of the newest matching e-mail, as the person would click it. */
async function linkIn(to: string, subject: RegExp, page: string): Promise<string> {
  const mail = await waitForMail(stack!.mailOutboxUrl, to, subject, { timeoutMs: 30_000 });
  const link = new RegExp(`https?://\\S+/#/${page}\\?token=\\S+`).exec(mail.text)?.[0];
  if (!link) throw new Error(`no ${page} link in ${mail.text}`);
  return link;
}

describe("console accounts", () => {
  it("should confirm the address, then reset a forgotten password and end the old session", async () => {
    const email = `reset-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const oldPassword = "my first passphrase";
    const newPassword = "my second passphrase";

    // Device 1 registers and stays signed in.
    const first = await browser!.newContext();
    const device1 = await first.newPage();
    recordPageLog(device1, pageLog);
    await device1.goto(`${stack!.edgeUrl}/`);
    await registerInConsole(device1, {
      name: "Grace",
      email,
      password: oldPassword,
      role: "instructor",
    });
    await device1.getByRole("button", { name: "Log out" }).waitFor();
    await device1.locator(".reminder", { hasText: `we sent a link to ${email}` }).waitFor();

    // The verification link confirms the address; the account page says so.
    await device1.goto(await linkIn(email, /Confirm your e-mail/, "verify-email"));
    await device1.getByText(`Thank you: ${email} is confirmed.`).waitFor();
    await device1.goto(`${stack!.edgeUrl}/#/account`);
    await device1.getByText("Your e-mail address is confirmed.").waitFor();

    // Device 2 has forgotten the password.
    const second = await browser!.newContext();
    const device2 = await second.newPage();
    recordPageLog(device2, pageLog);
    await device2.goto(`${stack!.edgeUrl}/`);
    await device2.getByRole("link", { name: "Forgot your password?" }).click();
    const forgot = device2.getByRole("form", { name: "Forgot password" });
    await forgot.getByLabel("E-mail").fill(email);
    await forgot.getByRole("button", { name: "Send the link" }).click();
    await device2.getByText(/If an account uses this address, we sent it a link/).waitFor();

    await device2.goto(await linkIn(email, /Reset your coursecast password/, "reset-password"));
    const reset = device2.getByRole("form", { name: "Reset password" });
    await reset.getByLabel(/New password/).fill(newPassword);
    await reset.getByRole("button", { name: "Set the new password" }).click();
    await device2.getByText(/Your password is changed and you are logged out everywhere/).waitFor();

    await device2.getByRole("link", { name: "Log in" }).click();
    const login = device2.getByRole("form", { name: "Log in" });
    await login.getByLabel("E-mail").fill(email);
    await login.getByLabel("Password").fill(oldPassword);
    await login.getByRole("button", { name: "Log in" }).click();
    await device2.getByText("Wrong e-mail or password.").waitFor();
    await login.getByLabel("Password").fill(newPassword);
    await login.getByRole("button", { name: "Log in" }).click();
    await device2.getByRole("button", { name: "Log out" }).waitFor();

    // Device 1's session ended with the reset: a reload finds no session.
    await device1.goto(`${stack!.edgeUrl}/`);
    await device1.reload();
    await device1.getByRole("form", { name: "Log in" }).waitFor();
    expect(await device1.getByRole("button", { name: "Log out" }).count()).toBe(0);
    await first.close();
    await second.close();
  }, 180_000);
  it("should change the password on the account page and end the other device's session", async () => {
    const email = `change-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const oldPassword = "my first passphrase";
    const newPassword = "my second passphrase";
    const signIn = async (password: string) => {
      const context = await browser!.newContext();
      const page = await context.newPage();
      recordPageLog(page, pageLog);
      await page.goto(`${stack!.edgeUrl}/`);
      const login = page.getByRole("form", { name: "Log in" });
      await login.getByLabel("E-mail").fill(email);
      await login.getByLabel("Password").fill(password);
      await login.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("button", { name: "Log out" }).waitFor();
      return { context, page };
    };
    const registered = await fetch(`${stack!.edgeUrl}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: oldPassword, name: "Ada", role: "student" }),
    });
    expect(registered.status).toBe(202);
    const laptop = await signIn(oldPassword);
    const phone = await signIn(oldPassword);

    await laptop.page.getByRole("link", { name: "Account" }).click();
    await laptop.page.getByText("Your e-mail address is not confirmed yet").waitFor();
    const change = laptop.page.getByRole("form", { name: "Change password" });
    await change.getByLabel("Current password").fill(oldPassword);
    await change.getByLabel(/New password/).fill(newPassword);
    await change.getByRole("button", { name: "Change password" }).click();
    await laptop.page.getByText(/Your password is changed/).waitFor();

    // The laptop keeps its session (a fresh cookie), the phone's ended.
    await laptop.page.reload();
    await laptop.page.getByRole("button", { name: "Log out" }).waitFor();
    await phone.page.reload();
    await phone.page.getByRole("form", { name: "Log in" }).waitFor();
    await (await signIn(newPassword)).context.close();
    await laptop.context.close();
    await phone.context.close();
  }, 180_000);
});
