import type { UserRecord } from "../domain/user.ts";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRecord["role"];
  emailVerified: boolean;
  emailVerifiedAt?: string;
  createdAt: string;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerified === true,
    ...(user.emailVerified && user.emailVerifiedAt
      ? { emailVerifiedAt: user.emailVerifiedAt }
      : {}),
    createdAt: user.createdAt,
  };
}

/** E-mails are compared case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
