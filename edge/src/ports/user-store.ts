import type { Role, UserRecord } from "../domain/user.ts";

/** Accounts (MongoDB `users` through the Data API in production). */
export interface UserStore {
  /** Throws AppError `conflict` when the e-mail is taken. */
  create(user: UserRecord): Promise<void>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  setRole(id: string, role: Role): Promise<UserRecord | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  remove(id: string): Promise<void>;
}
