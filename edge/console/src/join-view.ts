import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";

const KEY = "coursecast.join";
const JOIN_PATH = /^\/join\/([A-Za-z0-9_-]{16,64})$/;

/** An invite link opened (`/join/:code`): remembered across logging in or registering. */
export function pendingJoinCode(): string | null {
  const match = JOIN_PATH.exec(location.pathname);
  if (match?.[1]) sessionStorage.setItem(KEY, match[1]);
  return sessionStorage.getItem(KEY);
}

/** What the invite leads to, shown above the log-in and register forms. */
export function joinBanner(code: string): HTMLElement {
  const banner = h("p", { className: "join" }, "Log in or register to join the course.");
  void fetch(`/invites/${code}`)
    .then(async (response) => {
      if (response.ok) {
        const { course } = (await response.json()) as { course: { title: string } };
        banner.textContent = `Log in or register to join “${course.title}”.`;
      } else {
        banner.textContent = "This invite link has expired or was revoked.";
      }
    })
    .catch(() => undefined);
  return banner;
}

/** Signed in with a pending invite: enrol, then open the course. */
export async function completeJoin(api: Api, code: string): Promise<void> {
  sessionStorage.removeItem(KEY);
  history.replaceState(null, "", "/");
  try {
    const { courseId, course } = await api.client.enrol(code);
    notify(
      course ? "You are enrolled." : "You are enrolled; the course opens once it is published.",
    );
    location.hash = course ? `#/learn/${courseId}` : "#/learn";
  } catch (err) {
    notify(describeError(err), "error");
  }
}
