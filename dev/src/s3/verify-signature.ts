import { header, rawQuery, type KoaContext, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";
import { expectedSignature, parseAmzDate, signaturesEqual } from "./sigv4.ts";

const ALGORITHM = "AWS4-HMAC-SHA256";
const SERVICE = "s3";
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** Payload hashes S3 accepts besides a hex SHA-256; the aws-chunked one is decoded by request-body.ts. */
const UNSIGNED_PAYLOADS = ["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"];

export interface SignatureOptions {
  /** Access key id → secret access key. */
  credentials: Map<string, string>;
  /** When set, the credential scope must name this region, as S3 requires. */
  region?: string;
}

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

interface SignedRequest {
  credential: Credential;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  /** The error code S3 uses for a malformed auth of this kind. */
  malformed: "AuthorizationQueryParametersError" | "AuthorizationHeaderMalformed";
}

function parseCredential(value: string | undefined, malformed: SignedRequest["malformed"]) {
  const parts = (value ?? "").split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request")
    throw new S3StandInError(400, malformed, "Malformed credential scope");
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

/** Query-string (presigned URL) authentication, including S3's expiry rules. */
function presigned(ctx: KoaContext, query: Map<string, string>): SignedRequest {
  const malformed = "AuthorizationQueryParametersError";
  if (query.get("X-Amz-Algorithm") !== ALGORITHM)
    throw new S3StandInError(400, malformed, `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const amzDate = query.get("X-Amz-Date") ?? "";
  const expires = Number(query.get("X-Amz-Expires"));
  const signedAt = parseAmzDate(amzDate);
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS)
    throw new S3StandInError(400, malformed, "X-Amz-Expires must be between 1 and 604800 seconds");
  if (Number.isNaN(signedAt))
    throw new S3StandInError(400, malformed, "X-Amz-Date must be in the ISO8601 Long Format");
  if (Date.now() > signedAt + expires * 1000)
    throw new S3StandInError(403, "AccessDenied", "Request has expired");
  if (signedAt - Date.now() > MAX_SKEW_MS)
    throw new S3StandInError(403, "AccessDenied", "Request is not valid yet");
  return {
    credential: parseCredential(query.get("X-Amz-Credential"), malformed),
    amzDate,
    signedHeaders: (query.get("X-Amz-SignedHeaders") ?? "").split(";"),
    signature: query.get("X-Amz-Signature") ?? "",
    // Presigned URLs sign no payload unless the signer declared a hash.
    payloadHash:
      query.get("X-Amz-Content-Sha256") ??
      header(ctx, "x-amz-content-sha256") ??
      "UNSIGNED-PAYLOAD",
    malformed,
  };
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` */
function headerSigned(ctx: KoaContext, authorization: string): SignedRequest {
  const malformed = "AuthorizationHeaderMalformed";
  const fields = new Map(
    authorization
      .slice(ALGORITHM.length + 1)
      .split(",")
      .map((part) => {
        const eq = part.indexOf("=");
        return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
      }),
  );
  const payloadHash = header(ctx, "x-amz-content-sha256") ?? "";
  if (!payloadHash)
    throw new S3StandInError(
      400,
      "InvalidRequest",
      "Missing required header for this request: x-amz-content-sha256",
    );
  if (payloadHash.startsWith("STREAMING-") && !UNSIGNED_PAYLOADS.includes(payloadHash)) {
    // Only the AWS SDKs for Java/.NET sign each chunk; the JS SDK and aws4fetch never do.
    throw new S3StandInError(
      501,
      "NotImplemented",
      `The stand-in does not verify ${payloadHash} uploads`,
    );
  }
  if (!UNSIGNED_PAYLOADS.includes(payloadHash) && !/^[0-9a-f]{64}$/.test(payloadHash))
    throw new S3StandInError(
      400,
      "InvalidArgument",
      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest",
    );
  const amzDate = header(ctx, "x-amz-date") ?? "";
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt) || Math.abs(Date.now() - signedAt) > MAX_SKEW_MS) {
    throw new S3StandInError(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the server's time is too large.",
    );
  }
  return {
    credential: parseCredential(fields.get("Credential"), malformed),
    amzDate,
    signedHeaders: (fields.get("SignedHeaders") ?? "").split(";"),
    signature: fields.get("Signature") ?? "",
    payloadHash,
    malformed,
  };
}

function checkScope(request: SignedRequest, region: string | undefined): void {
  const { credential, malformed } = request;
  if (credential.service !== SERVICE)
    throw new S3StandInError(
      400,
      malformed,
      `Incorrect service '${credential.service}'; this endpoint belongs to '${SERVICE}'.`,
    );
  if (region !== undefined && credential.region !== region)
    throw new S3StandInError(
      400,
      malformed,
      `The region '${credential.region}' is wrong; expecting '${region}'`,
    );
  if (!request.amzDate.startsWith(credential.date))
    throw new S3StandInError(
      403,
      "SignatureDoesNotMatch",
      "The credential date does not match X-Amz-Date.",
    );
  if (!request.signedHeaders.includes("host"))
    throw new S3StandInError(400, malformed, "The host header must be signed.");
}

/**
 * Full SigV4 verification for header-signed and presigned (query) requests —
 * the check s3rver leaves out. Signed Content-Type/Content-Length are honoured
 * because they are part of the canonical request. CORS preflights are unsigned.
 * A declared hex payload hash is trusted here and checked against the body by
 * request-body.ts.
 */
export function verifySignature(options: SignatureOptions): KoaMiddleware {
  if (options.credentials.size === 0)
    throw new Error("verifySignature needs at least one credential");
  return async function verifySignature(ctx, next) {
    if (ctx.method === "OPTIONS") return next();
    const query = rawQuery(ctx);
    const authorization = header(ctx, "authorization");
    const queryMap = new Map(query);
    if (queryMap.has("X-Amz-Algorithm") && authorization)
      throw new S3StandInError(400, "InvalidArgument", "Only one auth mechanism allowed.");
    let request: SignedRequest;
    if (queryMap.has("X-Amz-Algorithm")) request = presigned(ctx, queryMap);
    else if (authorization?.startsWith(`${ALGORITHM} `)) request = headerSigned(ctx, authorization);
    else
      throw new S3StandInError(
        403,
        "AccessDenied",
        "Access Denied: the stand-in serves signed requests only.",
      );

    const secret = options.credentials.get(request.credential.accessKeyId);
    if (!secret) {
      throw new S3StandInError(
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
      );
    }
    checkScope(request, options.region);
    const expected = expectedSignature(
      {
        method: ctx.method,
        rawPath: ctx.path,
        query: query.filter(([name]) => name !== "X-Amz-Signature"),
        headers: ctx.headers,
        signedHeaders: request.signedHeaders,
        payloadHash: request.payloadHash,
      },
      secret,
      request.amzDate,
      request.credential,
    );
    if (!signaturesEqual(expected, request.signature)) {
      throw new S3StandInError(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      );
    }
    return next();
  };
}
