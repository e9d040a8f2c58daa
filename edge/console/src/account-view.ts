// The account page (address, confirmation, password) and the reminder shown in
// the upload area while the address is not confirmed.
import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";
import type { User } from "./types.ts";

function resendButton(api: Api): HTMLButtonElement {
  const button = h("button", { type: "button" }, "Send the link again");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      notify((await api.client.resendVerification()).message);
    } catch (err) {
      notify(describeError(err), "error");
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A reminder in the upload area; null once the address is confirmed. */
export function verificationReminder(api: Api, user: User): HTMLElement | null {
  if (user.emailVerified) return null;
  return h(
    "p",
    { className: "reminder", role: "note" },
    `Please confirm your e-mail address: we sent a link to ${user.email}. `,
    resendButton(api),
  );
}

function changePasswordForm(api: Api, user: User): HTMLElement {
  const input = (name: string, autocomplete: string) =>
    h("input", { type: "password", name, required: true, autocomplete, minlength: 10 });
  const current = input("currentPassword", "current-password");
  current.removeAttribute("minlength");
  const next = input("newPassword", "new-password");
  return h(
    "form",
    {
      "aria-label": "Change password",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await api.changePassword(current.value, next.value);
          current.value = next.value = "";
          notify("Your password is changed. You are logged out on every other device.");
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h3", {}, "Change password"),
    // For password managers: which account this is.
    h("input", { type: "email", hidden: true, autocomplete: "username", value: user.email }),
    h("label", {}, "Current password", current),
    h("label", {}, "New password (10 characters or more)", next),
    h("button", { type: "submit" }, "Change password"),
  );
}

export function accountView(api: Api, user: User): HTMLElement {
  return h(
    "section",
    { className: "account" },
    h("h2", {}, "Your account"),
    h("p", {}, `${user.name}, ${user.role}. E-mail: ${user.email}`),
    user.emailVerified
      ? h("p", {}, "Your e-mail address is confirmed.")
      : h(
          "p",
          {},
          "Your e-mail address is not confirmed yet: follow the link we e-mailed you. ",
          resendButton(api),
        ),
    changePasswordForm(api, user),
  );
}
