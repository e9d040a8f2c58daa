import type { Locator, Page } from "playwright-core";

export interface Registrant {
  name: string;
  email: string;
  password: string;
  role: "instructor" | "student";
}

/** Fills the console's Register form on the open page, as a person would, without sending it. */
export async function fillRegisterForm(page: Page, person: Registrant): Promise<Locator> {
  const form = page.getByRole("form", { name: "Register" });
  await form.getByLabel("Name").fill(person.name);
  await form.getByLabel("E-mail").fill(person.email);
  await form.getByLabel(/Password/).fill(person.password);
  await form.getByLabel("I am").selectOption(person.role);
  return form;
}

/** Registers through the console's form; what the page shows next is the caller's to await. */
export async function registerInConsole(page: Page, person: Registrant): Promise<void> {
  const form = await fillRegisterForm(page, person);
  await form.getByRole("button", { name: "Register" }).click();
}
