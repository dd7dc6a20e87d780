import { describe, expect, it } from 'vitest';
import { readLimited } from '../../collector/body';

function streamed(parts: string[], headers: Record<string, string> = {}): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Request('http://collector.test/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readLimited', () => {
  it('returns the whole body, however it was chunked', async () => {
    const bytes = await readLimited(streamed(['{"a":', '1}']), 100);
    expect(new TextDecoder().decode(bytes!)).toBe('{"a":1}');
  });

  it('refuses a declared length over the limit without reading', async () => {
    expect(await readLimited(new Request('http://collector.test/', { method: 'POST', body: 'x'.repeat(20) }), 10)).toBeNull();
  });

  it('refuses a body that grows past the limit although no length was declared', async () => {
    expect(await readLimited(streamed(['12345', '67890', 'x']), 10)).toBeNull();
    expect(await readLimited(streamed(['12345', '67890']), 10)).not.toBeNull();
  });

  it('reads an absent body as empty', async () => {
    expect(await readLimited(new Request('http://collector.test/', { method: 'POST' }), 10)).toEqual(new Uint8Array());
  });
});
