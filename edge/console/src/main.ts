import { Api, describeError } from "./api.ts";
import { accountView, verificationReminder } from "./account-view.ts";
import { authView } from "./auth-view.ts";
import {
  emailLinkRoute,
  forgotPasswordPage,
  resetPasswordPage,
  verifyEmailPage,
} from "./email-link-pages.ts";
import { courseManageView } from "./course-manage-view.ts";
import { coursePlayerView } from "./course-player-view.ts";
import { coursesView } from "./courses-view.ts";
import {
  completeJoin,
  INVALID_JOIN_CODE,
  joinBanner,
  NOT_VALID,
  pendingJoinCode,
} from "./join-view.ts";
import { learningView } from "./learning-view.ts";
import { h, mount, notify } from "./dom.ts";
import { libraryView } from "./library-view.ts";
import { playerView } from "./player-view.ts";
import type { User } from "./types.ts";
import { uploadView } from "./upload-view.ts";

const api = new Api();
const root = document.getElementById("app")!;
const nav = document.getElementById("nav")!;
let user: User | null = null;
let leaveView: (() => void) | null = null;

async function loadUser(): Promise<void> {
  const body = await api.request<{ user: User }>("GET", "/auth/me");
  user = body.user;
}

function renderNav(): void {
  if (!user) return mount(nav);
  mount(
    nav,
    h("a", { href: "#/" }, "Library"),
    user.role === "student" ? null : h("a", { href: "#/courses" }, "My courses"),
    h("a", { href: "#/learn" }, "My learning"),
    h("a", { href: "#/account" }, "Account"),
    h("span", { className: "who" }, `${user.name} (${user.role})`),
    h(
      "button",
      {
        type: "button",
        onclick: async () => {
          await api.logout();
          user = null;
          location.hash = "#/";
          void route();
        },
      },
      "Log out",
    ),
  );
}

async function route(): Promise<void> {
  notify("");
  // A course player saves the position it is leaving.
  leaveView?.();
  leaveView = null;
  // The pages of e-mailed links work signed in or not.
  const link = emailLinkRoute(location.hash);
  if (link) {
    renderNav();
    if (link.page === "forgot-password") return mount(root, forgotPasswordPage(api));
    if (link.page === "verify-email")
      return mount(
        root,
        verifyEmailPage(api, link.token, () => {
          if (user) void loadUser().then(renderNav, () => undefined);
        }),
      );
    return mount(
      root,
      resetPasswordPage(api, link.token, () => {
        // A reset ends every session, this browser's too.
        api.forget();
        user = null;
        renderNav();
      }),
    );
  }
  const joinCode = pendingJoinCode();
  if (!user) {
    renderNav();
    return mount(
      root,
      joinCode ? joinBanner(joinCode) : null,
      authView(api, () => void loadUser().then(route)),
    );
  }
  renderNav();
  if (joinCode === INVALID_JOIN_CODE) notify(NOT_VALID, "error");
  else if (joinCode) return completeJoin(api, joinCode);
  const learn = /^#\/learn(?:\/([\w-]+)(?:\/([\w-]+))?)?$/.exec(location.hash);
  if (learn) {
    if (!learn[1]) return mount(root, learningView(api));
    const view = coursePlayerView(api, learn[1], learn[2]);
    leaveView = view.dispose;
    return mount(root, view);
  }
  const course = /^#\/courses(?:\/([\w-]+))?$/.exec(location.hash);
  if (course && user.role !== "student")
    return mount(root, course[1] ? courseManageView(api, course[1], user) : coursesView(api));
  const match = /^#\/videos\/([\w-]+)$/.exec(location.hash);
  if (match?.[1]) {
    return mount(
      root,
      playerView(api, user, match[1], () => (location.hash = "#/")),
    );
  }
  if (location.hash === "#/account") {
    // Fresh from the edge: the address may have been confirmed in another tab.
    await loadUser().catch(() => undefined);
    return mount(root, accountView(api, user));
  }
  const library = libraryView(api, user);
  if (user.role === "student") return mount(root, library);
  mount(
    root,
    verificationReminder(api, user),
    uploadView(api, () => void library.reload()),
    library,
  );
}

window.addEventListener("hashchange", () => void route());
// A reload keeps the session through the HttpOnly refresh cookie.
void (async () => {
  try {
    if (await api.refresh()) await loadUser();
  } catch (err) {
    notify(describeError(err), "error");
  }
  await route();
})();
