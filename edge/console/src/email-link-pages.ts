// The pages behind the e-mailed links and "forgot password": public, so they work
// signed in or not, and in another browser than the one that asked.
import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";

/** `#/verify-email?token=…` and `#/reset-password?token=…`: the page and its token. */
export function emailLinkRoute(
  hash: string,
): { page: "verify-email" | "reset-password"; token: string } | { page: "forgot-password" } | null {
  if (hash === "#/forgot-password") return { page: "forgot-password" };
  const match = /^#\/(verify-email|reset-password)\?token=([^&]+)$/.exec(hash);
  if (!match?.[1] || !match[2]) return null;
  return {
    page: match[1] as "verify-email" | "reset-password",
    token: decodeURIComponent(match[2]),
  };
}

const home = () => h("a", { href: "#/" }, "Go to the console");

/** Confirms the address as soon as the page opens. */
export function verifyEmailPage(api: Api, token: string, onVerified: () => void): HTMLElement {
  const status = h("p", { role: "status" }, "Confirming your e-mail address…");
  const page = h("section", { className: "account" }, h("h2", {}, "Confirm your e-mail"), status);
  api.client
    .verifyEmail(token)
    .then(({ user }) => {
      status.textContent = `Thank you: ${user.email} is confirmed.${user.role === "admin" ? " You are an administrator now; log in again to use it." : ""}`;
      page.append(home());
      onVerified();
    })
    .catch((err: unknown) => {
      status.textContent = describeError(err);
      page.append(h("p", {}, "Signed in? Your account page can send you a new link. "), home());
    });
  return page;
}

export function forgotPasswordPage(api: Api): HTMLElement {
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "email" });
  const done = h("p", { role: "status" });
  const form = h(
    "form",
    {
      "aria-label": "Forgot password",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          const { message } = await api.client.forgotPassword(email.value);
          done.textContent = message;
          notify("");
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h2", {}, "Forgot your password?"),
    h("p", {}, "Enter your e-mail address and we will send you a link to choose a new password."),
    h("label", {}, "E-mail", email),
    h("button", { type: "submit" }, "Send the link"),
    done,
  );
  return h("section", { className: "account" }, form, h("a", { href: "#/" }, "Back to log in"));
}

export function resetPasswordPage(api: Api, token: string, onReset: () => void): HTMLElement {
  const password = h("input", {
    type: "password",
    name: "password",
    required: true,
    minlength: 10,
    autocomplete: "new-password",
  });
  const page = h("section", { className: "account" });
  const form = h(
    "form",
    {
      "aria-label": "Reset password",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          const { message } = await api.client.resetPassword(token, password.value);
          notify("");
          onReset();
          page.replaceChildren(
            h("h2", {}, "Password changed"),
            h("p", { role: "status" }, message),
            h("a", { href: "#/" }, "Log in"),
          );
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h2", {}, "Choose a new password"),
    h("label", {}, "New password (10 characters or more)", password),
    h("button", { type: "submit" }, "Set the new password"),
  );
  page.append(form);
  return page;
}
