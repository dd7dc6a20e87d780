/**
 * Replies read with a ceiling. A collector, a DoH resolver or anything on the path may answer with
 * an endless or enormous body; `response.json()` would hold all of it in memory. These read at most
 * `maxBytes` and give up with ReplyTooLargeError beyond that.
 */

/** Enough for any answer of protocol v1 (a batch answer of 50 ids is a few KiB). */
export const MAX_REPLY_BYTES = 1024 * 1024;

export class ReplyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes`);
    this.name = 'ReplyTooLargeError';
  }
}

/** The body's bytes, or ReplyTooLargeError as soon as it is known to be over `maxBytes`. */
export async function readBoundedBytes(response: Response, maxBytes = MAX_REPLY_BYTES): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ReplyTooLargeError(maxBytes);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ReplyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export async function readBoundedText(response: Response, maxBytes = MAX_REPLY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBoundedBytes(response, maxBytes));
}

/** Parsed JSON; a SyntaxError for anything else, as `response.json()` would give. */
export async function readBoundedJson(response: Response, maxBytes = MAX_REPLY_BYTES): Promise<unknown> {
  return JSON.parse(await readBoundedText(response, maxBytes)) as unknown;
}
