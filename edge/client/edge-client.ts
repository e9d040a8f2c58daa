// The one client of the edge's JSON API, for the console, the CLI, dev tools and
// benchmarks. Its types come from the edge's own schemas (type imports only: no
// zod and nothing of the Worker reaches a client's bundle).
import type { z } from "zod";
import type { PublicUser } from "../src/auth/public-user.ts";
import type {
  AcceptedSchema,
  AccessTokenSchema,
  RegistrationAcceptedSchema,
  TokenPairSchema,
} from "../src/auth/schemas.ts";
import type {
  CoInstructorSchema,
  CompletionsSchema,
  CourseChangesSchema,
  CourseProgressSchema,
  CourseSchema,
  InviteSchema,
  NewCourseSchema,
  NewInviteSchema,
  OutlineSchema,
  ProgressInputSchema,
  ProgressSchema,
  StudentSchema,
} from "../src/courses/schemas.ts";
import type { PlaybackLinks } from "../src/playback/schemas.ts";
import type { StoredPart } from "../src/ports/object-store.ts";
import type { CompletedPart } from "../src/videos/complete-upload.ts";
import type { UploadInstructions } from "../src/videos/create-video.ts";
import type {
  SignedUploadRequest,
  UploadRequestToSign,
} from "../src/videos/sign-upload-request.ts";
import type { CreateVideoSchema } from "../src/videos/schemas.ts";
import type { OwnerVideo, VideoView } from "../src/videos/video-views.ts";

export type TokenPair = z.infer<typeof TokenPairSchema>;
/** What `POST /videos` takes: without a title, the edge names the video after the file. */
export type NewVideo = z.input<typeof CreateVideoSchema>;
export type AccessToken = z.infer<typeof AccessTokenSchema>;
/** Register's answer, the same for a new and a taken address: log in next. */
export type RegistrationAccepted = z.infer<typeof RegistrationAcceptedSchema>;
export type Accepted = z.infer<typeof AcceptedSchema>;
export type { CompletedPart, OwnerVideo, PlaybackLinks, PublicUser, StoredPart };
export type { SignedUploadRequest, UploadInstructions, UploadRequestToSign, VideoView };

export type Course = z.infer<typeof CourseSchema>;
export type NewCourse = z.input<typeof NewCourseSchema>;
export type CourseChanges = z.input<typeof CourseChangesSchema>;
export type CourseOutline = z.input<typeof OutlineSchema>;
export type Invite = z.infer<typeof InviteSchema>;
export type NewInvite = z.input<typeof NewInviteSchema>;
export type Student = z.infer<typeof StudentSchema>;
export type Completions = z.infer<typeof CompletionsSchema>;
export type LectureProgress = z.infer<typeof ProgressSchema>;
export type CourseProgress = z.infer<typeof CourseProgressSchema>;
export type CoInstructor = z.infer<typeof CoInstructorSchema>;
export type ProgressInput = z.input<typeof ProgressInputSchema>;

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

/** A non-2xx answer of the edge, with its `{ error: { code, message, field } }` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ApiErrorBody | null, retryAfter?: number) {
    super(body?.error.message ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error.code ?? "unknown";
    this.field = body?.error.field;
    this.retryAfter = retryAfter;
  }
}

export interface EdgeClientOptions {
  /** The edge's origin; empty for the same origin (the console). */
  baseUrl?: string;
  /** The access token to send, read at every request. */
  accessToken?: () => string | null | undefined;
  /** Called once when an authenticated request answers 401; true when a new token is ready. */
  onUnauthorized?: () => Promise<boolean>;
  /** `same-origin` in the console, so the refresh cookie goes along. */
  credentials?: "same-origin" | "include" | "omit";
}

export interface RequestOptions {
  body?: unknown;
  /** false: send no access token and do not refresh on 401. */
  auth?: boolean;
  /** The request outlives the page (a progress save as the tab closes). */
  keepalive?: boolean;
}

export interface VideoListQuery {
  state?: string;
  limit?: number;
  cursor?: string;
}

export class EdgeClient {
  private readonly options: EdgeClientOptions;

  constructor(options: EdgeClientOptions = {}) {
    this.options = options;
  }

  private url(path: string): string {
    return `${(this.options.baseUrl ?? "").replace(/\/$/, "")}${path}`;
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    redirect: "follow" | "manual",
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const token = options.auth === false ? null : this.options.accessToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(this.url(path), {
      method,
      headers,
      redirect,
      ...(options.keepalive ? { keepalive: true } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  /** Sends one request; parses JSON; throws ApiError on a non-2xx answer (after one refresh on 401). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    let response = await this.send(method, path, options, "follow");
    if (
      response.status === 401 &&
      options.auth !== false &&
      this.options.onUnauthorized &&
      (await this.options.onUnauthorized())
    ) {
      response = await this.send(method, path, options, "follow");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (err) {
      // A proxy's or storage's HTML error page: the status still says what happened.
      if (response.ok) throw err;
    }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after") ?? "") || undefined;
      throw new ApiError(response.status, json as ApiErrorBody | null, retryAfter);
    }
    return json as T;
  }

  // Accounts

  /** Answers alike for a free and a taken address (no account is revealed): log in next. */
  register(input: { email: string; password: string; name: string; role: string }) {
    return this.request<RegistrationAccepted>("POST", "/auth/register", {
      body: input,
      auth: false,
    });
  }

  /** Confirms the address with the token of a verification link. */
  verifyEmail(token: string) {
    return this.request<{ user: PublicUser }>("POST", "/auth/verify", {
      body: { token },
      auth: false,
    });
  }

  resendVerification() {
    return this.request<Accepted>("POST", "/auth/verify/resend");
  }

  /** Always 202, whether the address has an account or not. */
  forgotPassword(email: string) {
    return this.request<Accepted>("POST", "/auth/password/forgot", {
      body: { email },
      auth: false,
    });
  }

  /** Sets a new password from a reset link; every session of the user ends. */
  resetPassword(token: string, password: string) {
    return this.request<Accepted>("POST", "/auth/password/reset", {
      body: { token, password },
      auth: false,
    });
  }

  /** Changes the password; every other session ends and this one gets a fresh pair. */
  changePassword(currentPassword: string, newPassword: string) {
    return this.request<TokenPair>("POST", "/auth/password", {
      body: { currentPassword, newPassword },
    });
  }

  login(email: string, password: string) {
    return this.request<TokenPair>("POST", "/auth/login", {
      body: { email, password },
      auth: false,
    });
  }

  refresh(refreshToken: string) {
    return this.request<TokenPair>("POST", "/auth/refresh", {
      body: { refresh_token: refreshToken },
      auth: false,
    });
  }

  me() {
    return this.request<{ user: PublicUser }>("GET", "/auth/me");
  }

  /** The console's login: the refresh token becomes an HttpOnly cookie. */
  consoleLogin(email: string, password: string) {
    return this.request<AccessToken>("POST", "/auth/console/login", {
      body: { email, password },
      auth: false,
    });
  }

  consoleRefresh() {
    return this.request<AccessToken>("POST", "/auth/console/refresh", { auth: false });
  }

  consoleLogout() {
    return this.request<void>("POST", "/auth/console/logout");
  }

  /** The console's password change: ends other sessions, renews the refresh cookie. */
  consoleChangePassword(currentPassword: string, newPassword: string) {
    return this.request<AccessToken>("POST", "/auth/console/password", {
      body: { currentPassword, newPassword },
    });
  }

  // Videos

  createVideo(input: NewVideo) {
    return this.request<{ video: OwnerVideo; upload: UploadInstructions }>("POST", "/videos", {
      body: input,
    });
  }

  listVideos(query: VideoListQuery = {}) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return this.request<{ items: VideoView[]; nextCursor: string | null }>(
      "GET",
      `/videos${search ? `?${search}` : ""}`,
    );
  }

  getVideo(id: string) {
    return this.request<{ video: VideoView }>("GET", `/videos/${id}`);
  }

  storedParts(id: string) {
    return this.request<{ parts: StoredPart[] }>("GET", `/videos/${id}/upload/parts`);
  }

  presignParts(id: string, partNumbers: number[]) {
    return this.request<{ parts: Array<{ partNumber: number; url: string }> }>(
      "POST",
      `/videos/${id}/upload/parts`,
      { body: { partNumbers } },
    );
  }

  completeUpload(id: string, parts?: CompletedPart[]) {
    return this.request<{ video: OwnerVideo }>("POST", `/videos/${id}/upload/complete`, {
      body: parts ? { parts } : {},
    });
  }

  /** Signs one S3 request of the video's own upload, for clients that speak S3 (Uppy). */
  signUploadRequest(id: string, request: UploadRequestToSign) {
    return this.request<SignedUploadRequest>("POST", `/videos/${id}/upload/sign`, {
      body: request,
    });
  }

  playback(id: string) {
    return this.request<PlaybackLinks>("GET", `/videos/${id}/playback`);
  }

  /** Where `/videos/:id/download` redirects (a presigned URL), without following it. */
  async downloadLocation(id: string, format: "mp4" | "mp3"): Promise<string | null> {
    const response = await this.send(
      "GET",
      `/videos/${id}/download?format=${format}`,
      {},
      "manual",
    );
    if (response.status >= 300 && response.status < 400) return response.headers.get("location");
    const text = await response.text();
    throw new ApiError(response.status, text ? (JSON.parse(text) as ApiErrorBody) : null);
  }

  // Courses

  listCourses(scope: "teaching" | "learning" | "catalog", limit = 100) {
    return this.request<{ items: Course[]; nextCursor: string | null }>(
      "GET",
      `/courses?scope=${scope}&limit=${limit}`,
    );
  }

  createCourse(input: NewCourse) {
    return this.request<{ course: Course }>("POST", "/courses", { body: input });
  }

  getCourse(id: string) {
    return this.request<{ course: Course }>("GET", `/courses/${id}`);
  }

  updateCourse(id: string, changes: CourseChanges) {
    return this.request<{ course: Course }>("PATCH", `/courses/${id}`, { body: changes });
  }

  setOutline(id: string, outline: CourseOutline) {
    return this.request<unknown>("PATCH", `/courses/${id}/outline`, { body: outline });
  }

  /** Moves a video the caller manages into the course (out of Unsorted). */
  moveLecture(courseId: string, videoId: string) {
    return this.request<unknown>("POST", `/courses/${courseId}/lectures`, { body: { videoId } });
  }

  listInvites(courseId: string) {
    return this.request<{ items: Invite[] }>("GET", `/courses/${courseId}/invites`);
  }

  createInvite(courseId: string, input: NewInvite = {}) {
    return this.request<{ invite: Invite }>("POST", `/courses/${courseId}/invites`, {
      body: input,
    });
  }

  revokeInvite(courseId: string, code: string) {
    return this.request<void>("DELETE", `/courses/${courseId}/invites/${code}`);
  }

  listStudents(courseId: string, limit = 100) {
    return this.request<{ items: Student[] }>(
      "GET",
      `/courses/${courseId}/students?limit=${limit}`,
    );
  }

  removeStudent(courseId: string, studentId: string) {
    return this.request<void>("DELETE", `/courses/${courseId}/students/${studentId}`);
  }

  completions(courseId: string) {
    return this.request<Completions>("GET", `/courses/${courseId}/completions`);
  }

  enrol(code: string) {
    return this.request<{ courseId: string; course: Course | null }>("POST", "/enrolments", {
      body: { code },
    });
  }

  /** Joins a public published course (no invite needed). */
  joinCourse(courseId: string) {
    return this.request<void>("POST", `/courses/${courseId}/enrolment`);
  }

  leaveCourse(courseId: string) {
    return this.request<void>("DELETE", `/courses/${courseId}/enrolment`);
  }

  listCoInstructors(courseId: string) {
    return this.request<{ items: CoInstructor[] }>("GET", `/courses/${courseId}/co-instructors`);
  }

  addCoInstructor(courseId: string, email: string) {
    return this.request<{ items: CoInstructor[] }>("POST", `/courses/${courseId}/co-instructors`, {
      body: { email },
    });
  }

  removeCoInstructor(courseId: string, userId: string) {
    return this.request<void>("DELETE", `/courses/${courseId}/co-instructors/${userId}`);
  }

  /** A presigned URL of a course file (the cover image, a PDF). */
  courseFileUrl(courseId: string, fileId: string) {
    return this.request<{ url: string }>(
      "GET",
      `/courses/${courseId}/files/${fileId}?redirect=false`,
    );
  }

  courseProgress(courseId: string) {
    return this.request<CourseProgress>("GET", `/courses/${courseId}/progress`);
  }

  lectureProgress(videoId: string) {
    return this.request<{ progress: LectureProgress }>("GET", `/videos/${videoId}/progress`);
  }

  /** keepalive: the save still goes out while the page is being left. */
  saveProgress(videoId: string, input: ProgressInput) {
    return this.request<unknown>("PUT", `/videos/${videoId}/progress`, {
      body: input,
      keepalive: true,
    });
  }
}
