import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";

const KEY = "coursecast.join";
const JOIN_PATH = /^\/join\/([A-Za-z0-9_-]{16,64})$/;

/** A `/join/…` path whose code cannot be an invite (mistyped or cut short when copied). */
export const INVALID_JOIN_CODE = "invalid";
export const NOT_VALID = "This invite link is not valid. Ask your instructor for a new one.";

/** An invite link opened (`/join/:code`): remembered across logging in or registering. */
export function pendingJoinCode(): string | null {
  const match = JOIN_PATH.exec(location.pathname);
  if (match?.[1]) sessionStorage.setItem(KEY, match[1]);
  else if (location.pathname.startsWith("/join/")) {
    sessionStorage.removeItem(KEY);
    history.replaceState(null, "", "/");
    return INVALID_JOIN_CODE;
  }
  return sessionStorage.getItem(KEY);
}

/** What the invite leads to, shown above the log-in and register forms. */
export function joinBanner(code: string): HTMLElement {
  if (code === INVALID_JOIN_CODE) return h("p", { className: "join error" }, NOT_VALID);
  const banner = h("p", { className: "join" }, "Log in or register to join the course.");
  void fetch(`/invites/${code}`)
    .then(async (response) => {
      if (response.ok) {
        const { course } = (await response.json()) as { course: { title: string } };
        banner.textContent = `Log in or register to join “${course.title}”.`;
      } else {
        banner.textContent =
          response.status === 410
            ? "This invite link has expired or was revoked. Ask your instructor for a new one."
            : NOT_VALID;
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
