import type { Services } from "../ports/services.ts";

/**
 * Ends every session of a user at once: each access and refresh token issued
 * before now (so every refresh family) is refused from here on. Used on a role
 * change, a deletion and a password change or reset; the instant is kept as
 * long as a refresh token lives, after which no older token could verify anyway.
 */
export async function endAllSessions(services: Services, userId: string): Promise<void> {
  const until = Math.floor(Date.now() / 1000) + services.config.REFRESH_TOKEN_TTL_SECONDS;
  await services.revocations.invalidateUserTokens(userId, until);
}
