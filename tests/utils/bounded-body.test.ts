import { describe, expect, it } from 'vitest';
import { MAX_REPLY_BYTES, readBoundedBytes, readBoundedJson, readBoundedText, ReplyTooLargeError } from '../../utils/protocol/bounded-body';

/** A body of `chunks` chunks of `size` bytes, counting how many were pulled. */
function counted(chunks: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { response: new Response(body), pulled: () => pulled };
}

describe('bounded replies', () => {
  it('reads a body up to the limit exactly', async () => {
    expect(await readBoundedText(new Response('x'.repeat(100)), 100)).toBe('x'.repeat(100));
    expect(await readBoundedJson(new Response('{"accepted":[]}'))).toEqual({ accepted: [] });
    expect(await readBoundedBytes(new Response(null))).toEqual(new Uint8Array());
  });

  it('gives up one chunk past the limit, without reading the rest of an endless body', async () => {
    const endless = counted(Number.POSITIVE_INFINITY, 64 * 1024);
    await expect(readBoundedBytes(endless.response)).rejects.toBeInstanceOf(ReplyTooLargeError);
    expect(endless.pulled() * 64 * 1024).toBeLessThanOrEqual(MAX_REPLY_BYTES + 2 * 64 * 1024);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const big = counted(1, 10);
    const response = new Response(big.response.body, { headers: { 'content-length': String(MAX_REPLY_BYTES + 1) } });
    await expect(readBoundedText(response)).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('passes on a SyntaxError for what is not JSON', async () => {
    await expect(readBoundedJson(new Response('<html>'))).rejects.toBeInstanceOf(SyntaxError);
  });
});
