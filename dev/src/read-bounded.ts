/**
 * A request body read whole as UTF-8 text, for the stand-ins' small JSON and
 * XML requests. Reading stops at the first chunk past `maxBytes` with the
 * caller's error, which each stand-in answers in its own protocol.
 */
export async function readBoundedText(
  body: AsyncIterable<unknown>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
