import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { CourseRecord, InviteRecord } from "../domain/course.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

/** 128 random bits, URL-safe: unguessable, short enough to paste. */
function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export interface NewInvite {
  expiresInSeconds?: number | undefined;
  maxUses?: number | undefined;
}

export async function createInvite(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
  input: NewInvite,
  now = new Date(),
): Promise<InviteRecord> {
  const invite: InviteRecord = {
    _id: randomCode(),
    courseId: course._id,
    createdBy: user.id,
    expiresAt: input.expiresInSeconds
      ? new Date(now.getTime() + input.expiresInSeconds * 1000).toISOString()
      : null,
    maxUses: input.maxUses ?? null,
    uses: 0,
    revokedAt: null,
    createdAt: now.toISOString(),
  };
  await services.invites.create(invite);
  return invite;
}

export function toInviteView(invite: InviteRecord, origin: string) {
  return {
    code: invite._id,
    url: `${origin}/join/${invite._id}`,
    expiresAt: invite.expiresAt,
    maxUses: invite.maxUses,
    uses: invite.uses,
    revoked: invite.revokedAt !== null,
    createdAt: invite.createdAt,
  };
}

/** Why an invite cannot be used, or null when it can. */
export function inviteProblem(invite: InviteRecord, now = new Date()): string | null {
  if (invite.revokedAt !== null) return "This invite was revoked";
  if (invite.expiresAt !== null && Date.parse(invite.expiresAt) <= now.getTime())
    return "This invite has expired";
  if (invite.maxUses !== null && invite.uses >= invite.maxUses)
    return "This invite has been used up";
  return null;
}

/** An invite and its course, usable or not; unknown codes 404. */
export async function loadInvite(
  services: Services,
  code: string,
): Promise<{ invite: InviteRecord; course: CourseRecord }> {
  const invite = await services.invites.get(code);
  const course = invite ? await services.courses.get(invite.courseId) : null;
  if (!invite || !course) throw new AppError("not_found", "No such invite");
  return { invite, course };
}

export function requireUsable(invite: InviteRecord): void {
  const problem = inviteProblem(invite);
  if (problem) throw new AppError("gone", problem);
}

/** A usable invite and its course; unknown codes 404, spent ones 410. */
export async function loadUsableInvite(services: Services, code: string) {
  const loaded = await loadInvite(services, code);
  requireUsable(loaded.invite);
  return loaded;
}

/** A page of the course's invites, newest first. */
export async function listInvites(
  services: Services,
  course: CourseRecord,
  filters: { limit: number; cursor?: string | undefined; live?: boolean | undefined },
): Promise<{ items: InviteRecord[]; nextCursor: string | null }> {
  const found = await services.invites.listForCourse(course._id, {
    limit: filters.limit + 1,
    ...(filters.cursor ? { before: decodeCursor(filters.cursor) } : {}),
    ...(filters.live ? { liveAt: new Date().toISOString() } : {}),
  });
  const items = found.slice(0, filters.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      found.length > filters.limit && last
        ? encodeCursor({ createdAt: last.createdAt, id: last._id })
        : null,
  };
}
