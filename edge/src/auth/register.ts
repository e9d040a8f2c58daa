import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { Role } from "../domain/user.ts";
import { hashPassword } from "./passwords/scrypt.ts";
import { normaliseEmail, toPublicUser, type PublicUser } from "./public-user.ts";

export interface Registration {
  email: string;
  password: string;
  name: string;
  role: Extract<Role, "student" | "instructor">;
}

export async function register(services: Services, input: Registration): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  if (input.password.trim().toLowerCase() === email) {
    throw new AppError("validation_failed", "password: must not be the e-mail address", {
      field: "password",
    });
  }
  const bootstrapAdmin = services.config.ADMIN_BOOTSTRAP_EMAIL;
  // Admins are made by an admin, or by this env var on first registration of that address.
  const role: Role =
    bootstrapAdmin && normaliseEmail(bootstrapAdmin) === email ? "admin" : input.role;
  const now = new Date().toISOString();
  const user = {
    _id: crypto.randomUUID(),
    email,
    name: input.name.trim(),
    role,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
  };
  await services.users.create(user);
  return toPublicUser(user);
}
