import type { Config } from "../config.ts";
import type { TokenPair } from "./tokens/sign-token.ts";

export function tokenPairBody(config: Config, pair: TokenPair) {
  return {
    access_token: pair.access.token,
    refresh_token: pair.refresh.token,
    token_type: "Bearer" as const,
    expires_in: config.ACCESS_TOKEN_TTL_SECONDS,
  };
}
