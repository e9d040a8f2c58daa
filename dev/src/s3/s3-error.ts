/** The S3 error codes the stand-in answers itself (s3rver answers the rest). */
export type S3ErrorCode =
  | "AccessDenied"
  | "AuthorizationHeaderMalformed"
  | "AuthorizationQueryParametersError"
  | "BadDigest"
  | "EntityTooSmall"
  | "IncompleteBody"
  | "InvalidAccessKeyId"
  | "InvalidArgument"
  | "InvalidDigest"
  | "InvalidPart"
  | "InvalidPartOrder"
  | "InvalidRange"
  | "InvalidRequest"
  | "InvalidURI"
  | "MalformedXML"
  | "MissingContentLength"
  | "NoSuchUpload"
  | "NotImplemented"
  | "PreconditionFailed"
  | "RequestTimeTooSkewed"
  | "SignatureDoesNotMatch"
  | "XAmzContentSHA256Mismatch";

/** An S3 error raised by the stand-in's middleware, answered as S3's XML error document. */
export class S3StandInError extends Error {
  readonly code: S3ErrorCode;
  readonly status: number;

  constructor(status: number, code: S3ErrorCode, message: string) {
    super(message);
    this.name = "S3StandInError";
    this.status = status;
    this.code = code;
  }
}

/** S3's answer to an XML request body it cannot read: badly formed, over its schema's limits or too large. */
export const malformedXml = () =>
  new S3StandInError(
    400,
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema.",
  );

const XML_ENTITIES: Record<string, string> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "'": "&apos;",
  '"': "&quot;",
};

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);
}

export function errorXml(code: string, message: string, resource = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>stand-in</RequestId></Error>`;
}
