/** Request bodies read with a ceiling, so an endless or oversized upload cannot exhaust memory. */

/** The client went away mid-upload: nobody is left to answer, and nothing is wrong on our side. */
export class UploadInterruptedError extends Error {
  constructor(cause: unknown) {
    super('the upload was interrupted', { cause });
  }
}

/** The body, or null when it is over `max` bytes: by its declared length, or by what actually arrives. */
export async function readLimited(request: Request, max: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length')) > max) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      // The socket's ECONNRESET must not reach the error handler, which would take it for the database's.
      throw new UploadInterruptedError(error);
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
