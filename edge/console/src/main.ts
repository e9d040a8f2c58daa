import { Api, describeError } from "./api.ts";
import { authView } from "./auth-view.ts";
import { h, mount, notify } from "./dom.ts";
import { libraryView } from "./library-view.ts";
import { playerView } from "./player-view.ts";
import type { User } from "./types.ts";
import { uploadView } from "./upload-view.ts";

const api = new Api();
const root = document.getElementById("app")!;
const nav = document.getElementById("nav")!;
let user: User | null = null;

async function loadUser(): Promise<void> {
  const body = await api.request<{ user: User }>("GET", "/auth/me");
  user = body.user;
}

function renderNav(): void {
  if (!user) return mount(nav);
  mount(
    nav,
    h("a", { href: "#/" }, "Library"),
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
  if (!user) {
    renderNav();
    return mount(
      root,
      authView(api, () => void loadUser().then(route)),
    );
  }
  renderNav();
  const match = /^#\/videos\/([\w-]+)$/.exec(location.hash);
  if (match?.[1]) {
    return mount(
      root,
      playerView(api, user, match[1], () => (location.hash = "#/")),
    );
  }
  const library = libraryView(api, user);
  if (user.role === "student") return mount(root, library);
  mount(
    root,
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
