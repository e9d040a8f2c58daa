import type { Role } from "../../domain/user.ts";

/** Explicit token types (RFC 8725 §3.11): an access token is never accepted as a refresh token. */
export const TOKEN_TYPE = { access: "at+jwt", refresh: "rt+jwt" } as const;
export type TokenKind = keyof typeof TOKEN_TYPE;

export interface TokenClaims {
  sub: string;
  role: Role;
  jti: string;
  /** The refresh family (one per login); revoking it kills every descendant token. */
  fid: string;
  iat: number;
  exp: number;
}
