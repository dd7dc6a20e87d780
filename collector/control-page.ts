/**
 * What the control's page looks like: its status, title, size and final host, for a reporter to
 * compare with the page it got. The body is read to at most 256 KiB, only to count it and find
 * its <title>; it is never parsed into a document, executed, logged or stored.
 */
import type { IncomingMessage } from 'node:http';
import { pageTitle } from '../utils/protocol/page-title';
import type { PageSummary } from '../utils/protocol/report-schema';

/** The same bound as the reporter's probe, so both sides count the same bytes. */
export const CONTROL_PAGE_BYTES = 256 * 1024;

/** The charset the header names, else the one a <meta> in the first 2 KiB names, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const charset = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /<meta[^>]{0,200}charset=["']?([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Reads the response body up to the bound, or until `deadline` (epoch ms): what arrived by then
 * is what the page is. Never rejects; the response is destroyed once read.
 */
export function readControlPage(response: IncomingMessage, finalHost: string, deadline: number): Promise<PageSummary> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      response.destroy();
      const bytes = Buffer.concat(chunks, size);
      const contentType = response.headers['content-type'];
      const isHtml = !contentType || /html|xml/i.test(contentType);
      resolve({
        status: response.statusCode ?? 0,
        title: isHtml ? pageTitle(decode(bytes, contentType)) : '',
        bytes: size,
        finalHost: finalHost.toLowerCase(),
      });
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    response.on('data', (chunk: Buffer) => {
      const room = CONTROL_PAGE_BYTES - size;
      if (room <= 0) return finish();
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      size += part.byteLength;
      if (size >= CONTROL_PAGE_BYTES) finish();
    });
    response.on('end', finish);
    response.on('error', finish);
    response.on('close', finish);
  });
}
