import { AppError } from "../errors.ts";

/** Rules beyond the schema's length (10–256): the same for register, reset and change. */
export function checkPasswordRules(password: string, email: string, field = "password"): void {
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw new AppError("validation_failed", `${field}: must not be the e-mail address`, { field });
  }
}
