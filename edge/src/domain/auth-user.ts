import type { Role } from "./user.ts";

/** Who is calling, as established by the `authenticate()` middleware from a verified access token. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The access token's id and expiry, so logout can blacklist it. */
  jti: string;
  exp: number;
  /** The login (refresh family) the token descends from. */
  familyId: string;
}
