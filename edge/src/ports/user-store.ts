import type { Role, UserRecord } from "../domain/user.ts";

/** Accounts (MongoDB `users` through the Data API in production). */
export interface UserStore {
  /** Throws AppError `conflict` when the e-mail is taken. */
  create(user: UserRecord): Promise<void>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  setRole(id: string, role: Role): Promise<UserRecord | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /** Records that the owner proved the address, with the role that follows from it; null when gone. */
  markEmailVerified(id: string, verifiedAt: string, role: Role): Promise<UserRecord | null>;
  remove(id: string): Promise<void>;
}
