import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callJson, ORIGIN, registerAndLogin, type TestUser } from "../support/api.ts";
import { bytes, createVideo, drainJobsFor, MiB, services } from "../support/media.ts";

// What @uppy/aws-s3 v6 asks its `signRequest` hook, and then sends to the URL it gets.
interface Signed {
  url: string;
  key: string;
  headers?: Record<string, string>;
}
type ErrorBody = { error: { code: string; field?: string } };

async function sign(user: TestUser, id: string, request: Record<string, unknown>) {
  return callJson<Signed & ErrorBody>(`/videos/${id}/upload/sign`, {
    token: user.access,
    body: request,
  });
}

/** Sends a signed request the way Uppy's XHR does: the URL, the signer's headers, a body. */
async function send(signed: Signed, method: string, body?: BodyInit, contentType?: string) {
  const headers = { ...(contentType ? { "content-type": contentType } : {}), ...signed.headers };
  const request = new Request(signed.url, { method, headers, body: body ?? null });
  // Edge URLs go to the Worker under test, storage URLs to the S3 stand-in.
  return signed.url.startsWith(`${ORIGIN}/`) ? exports.default.fetch(request) : fetch(request);
}

const tagOf = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe("POST /videos/:id/upload/sign, single PUT", () => {
  it("should presign the video's own PUT, whatever key the client names", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 2048 });
    const id = created.video.id;
    const signed = await sign(user, id, {
      method: "PUT",
      key: "someone-else/file.mp4",
      contentType: "video/mp4",
    });
    expect(signed.status).toBe(200);
    expect(signed.body.key).toBe(`uploads/${id}/source`);
    expect(new URL(signed.body.url).pathname).toMatch(new RegExp(`/uploads/${id}/source$`));
    // Only headers a browser may set: Content-Length is signed but the browser sends it itself.
    expect(signed.body.headers).toEqual({ "content-type": "video/mp4" });
    const put = await send(signed.body, "PUT", bytes(2048), "application/octet-stream");
    expect(put.status).toBe(200);
    expect((await services().objects.head(`uploads/${id}/source`))?.size).toBe(2048);
  });
});

describe("POST /videos/:id/upload/sign, the S3 multipart protocol", () => {
  it("should carry a whole multipart upload as Uppy speaks it, and queue one job", async () => {
    const user = await registerAndLogin("instructor");
    const size = 12 * MiB;
    const data = bytes(size, 5);
    const created = await createVideo(user, { size, multipart: true, partSize: 5 * MiB });
    const id = created.video.id;
    const key = `uploads/${id}/source`;

    // CreateMultipartUpload: an edge URL answering S3's XML with the upload the edge made.
    const create = await sign(user, id, { method: "POST", key: "mine.mp4" });
    expect(create.status).toBe(200);
    expect(create.body).toMatchObject({ key, headers: { authorization: `Bearer ${user.access}` } });
    const initiated = await send(create.body, "POST", undefined, "video/mp4");
    expect(initiated.status).toBe(200);
    expect(initiated.headers.get("content-type")).toMatch(/application\/xml/);
    const initiatedXml = await initiated.text();
    expect(initiatedXml).toContain("<InitiateMultipartUploadResult");
    const uploadId = tagOf(initiatedXml, "UploadId")!;
    expect(uploadId).toBe((await services().videos.get(id))!.upload.uploadId);
    expect(tagOf(initiatedXml, "Key")).toBe(key);

    // UploadPart, one part per call.
    const etags: string[] = [];
    for (const partNumber of [1, 2]) {
      const part = await sign(user, id, { method: "PUT", key, uploadId, partNumber });
      expect(part.status).toBe(200);
      expect(part.body.key).toBe(key);
      const slice = data.slice((partNumber - 1) * 5 * MiB, partNumber * 5 * MiB);
      const put = await send(part.body, "PUT", slice);
      expect(put.status).toBe(200);
      etags.push(put.headers.get("etag")!.replace(/"/g, ""));
    }

    // ListParts (resume after a pause): a presigned storage URL answering S3's XML.
    const list = await sign(user, id, { method: "GET", key, uploadId });
    expect(list.status).toBe(200);
    const listed = await send(list.body, "GET");
    expect(listed.status).toBe(200);
    const listXml = await listed.text();
    expect([...listXml.matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => m[1])).toEqual([
      "1",
      "2",
    ]);

    const part3 = await sign(user, id, { method: "PUT", key, uploadId, partNumber: 3 });
    const put3 = await send(part3.body, "PUT", data.slice(10 * MiB));
    etags.push(put3.headers.get("etag")!.replace(/"/g, ""));

    // CompleteMultipartUpload: S3's XML body in, S3's XML result out, the job queued.
    const complete = await sign(user, id, { method: "POST", key, uploadId });
    expect(complete.status).toBe(200);
    expect(complete.body.url).not.toBe(create.body.url);
    const body = `<CompleteMultipartUpload>${etags
      .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`)
      .join("")}</CompleteMultipartUpload>`;
    const completed = await send(complete.body, "POST", body, "application/xml");
    expect(completed.status).toBe(200);
    const completedXml = await completed.text();
    expect(completedXml).toContain("<CompleteMultipartUploadResult");
    expect(tagOf(completedXml, "Key")).toBe(key);
    expect(tagOf(completedXml, "Location")).toBeTruthy();
    expect((await services().videos.get(id))!.state).toBe("queued");
    expect((await services().objects.head(key))?.size).toBe(size);
    expect(await drainJobsFor(id)).toHaveLength(1);

    // Completing again (a retried XHR) answers the same result without a second job.
    const again = await send(complete.body, "POST", body, "application/xml");
    expect(again.status).toBe(200);
    expect(await drainJobsFor(id)).toHaveLength(0);
  });

  it("should abort through the edge, which marks the video failed", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 12 * MiB, multipart: true });
    const id = created.video.id;
    const uploadId = (await services().videos.get(id))!.upload.uploadId!;
    const abort = await sign(user, id, { method: "DELETE", uploadId });
    expect(abort.status).toBe(200);
    const aborted = await send(abort.body, "DELETE");
    expect(aborted.status).toBe(204);
    expect((await services().videos.get(id))!.state).toBe("failed");
  });

  it("should refuse a complete body that is not S3's XML, naming parts", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 12 * MiB, multipart: true });
    const id = created.video.id;
    const uploadId = (await services().videos.get(id))!.upload.uploadId!;
    const complete = await sign(user, id, { method: "POST", uploadId });
    const refused = await send(complete.body, "POST", "<nothing/>", "application/xml");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorBody).error.field).toBe("parts");
    expect((await services().videos.get(id))!.state).toBe("awaiting_upload");
  });
});

describe("POST /videos/:id/upload/sign, refusals", () => {
  it("should answer 404 for another instructor's video or an unknown one", async () => {
    const owner = await registerAndLogin("instructor");
    const other = await registerAndLogin("instructor");
    const created = await createVideo(owner, { size: 12 * MiB, multipart: true });
    const id = created.video.id;
    const uploadId = (await services().videos.get(id))!.upload.uploadId!;
    for (const request of [
      { method: "PUT" },
      { method: "POST" },
      { method: "PUT", uploadId, partNumber: 1 },
      { method: "GET", uploadId },
      { method: "POST", uploadId },
      { method: "DELETE", uploadId },
    ]) {
      const refused = await sign(other, id, request);
      expect(refused.status, JSON.stringify(request)).toBe(404);
    }
    expect((await sign(other, crypto.randomUUID(), { method: "PUT" })).status).toBe(404);
    // The S3-protocol endpoints themselves check ownership too.
    const stolen = await sign(owner, id, { method: "POST" });
    const initiated = await send(
      { ...stolen.body, headers: { authorization: `Bearer ${other.access}` } },
      "POST",
    );
    expect(initiated.status).toBe(404);
    expect((await call(`/videos/${id}/upload/sign`, { body: { method: "PUT" } })).status).toBe(401);
  });

  it("should refuse requests Uppy's protocol does not need, or that name another upload", async () => {
    const user = await registerAndLogin("instructor");
    const multipart = await createVideo(user, { size: 12 * MiB, multipart: true });
    const id = multipart.video.id;
    const uploadId = (await services().videos.get(id))!.upload.uploadId!;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ method: "DELETE" }, 400, "method"], // DeleteObject
      [{ method: "HEAD" }, 400, "method"],
      [{ method: "PATCH", uploadId }, 400, "method"],
      [{ method: "GET" }, 400, "method"], // GetObject
      [{ method: "PUT", uploadId }, 400, "partNumber"],
      [{ method: "PUT", uploadId: "another-upload", partNumber: 1 }, 400, "uploadId"],
      [{ method: "GET", uploadId: "another-upload" }, 400, "uploadId"],
      [{ method: "PUT", uploadId, partNumber: 4 }, 400, "partNumber"],
      [{ method: "PUT" }, 409, ""], // a single PUT for a multipart video
    ];
    for (const [request, status, field] of cases) {
      const refused = await sign(user, id, request);
      expect(refused.status, JSON.stringify(request)).toBe(status);
      if (field) expect(refused.body.error.field, JSON.stringify(request)).toBe(field);
    }
    const single = await createVideo(user, { size: 2048 });
    expect((await sign(user, single.video.id, { method: "POST" })).status).toBe(409);
  });
});
