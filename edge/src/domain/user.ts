export const ROLES = ["student", "instructor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A stored account (collection `users`, string `_id`). */
export interface UserRecord {
  _id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  /** Set when the owner followed a verification or password-reset link (absent on older records). */
  emailVerified?: boolean;
  emailVerifiedAt?: string;
  createdAt: string;
  updatedAt: string;
}
