import type { AuthUser } from "./domain/auth-user.ts";
import type { Services } from "./ports/services.ts";

/** Typed context of every route: bindings plus what middleware puts on `c`. */
export interface AppVariables {
  requestId: string;
  services: Services;
  /** Set by `authenticate()`; absent on public routes. */
  user: AuthUser;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
