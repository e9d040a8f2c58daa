import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { Role, UserRecord } from "../domain/user.ts";
import { hashPassword } from "./passwords/scrypt.ts";
import { checkPasswordRules } from "./password-rules.ts";
import { normaliseEmail } from "./public-user.ts";
import { registrationAttemptEmail } from "./account/account-mail.ts";
import { sendVerificationEmail } from "./account/verify-email.ts";

export interface Registration {
  email: string;
  password: string;
  name: string;
  role: Extract<Role, "student" | "instructor">;
}

/** A new account, or the address had one already: the caller answers both alike. */
export type RegistrationOutcome =
  { kind: "created"; user: UserRecord } | { kind: "taken"; email: string };

/**
 * Creates an account, unverified. The password is hashed before the address is
 * looked at, so a taken address costs the same work as a free one. The role is
 * the one asked for: `ADMIN_BOOTSTRAP_EMAIL` only applies once that address is
 * verified (`account/verify-email.ts`).
 */
export async function register(
  services: Services,
  input: Registration,
): Promise<RegistrationOutcome> {
  const email = normaliseEmail(input.email);
  checkPasswordRules(input.password, email);
  const now = new Date().toISOString();
  const user: UserRecord = {
    _id: crypto.randomUUID(),
    email,
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
    emailVerified: false,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await services.users.create(user);
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return { kind: "taken", email };
    throw err;
  }
  return { kind: "created", user };
}

/** The e-mail that follows a registration: a verification link, or a notice to the owner. */
export async function mailAfterRegistration(
  services: Services,
  outcome: RegistrationOutcome,
): Promise<void> {
  if (outcome.kind === "created") return sendVerificationEmail(services, outcome.user);
  const owner = await services.users.findByEmail(outcome.email);
  if (owner) await services.mailer.send(registrationAttemptEmail(services.config, owner));
}
