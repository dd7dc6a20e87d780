import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { readClientHello, readHttpHost } from '../support/firefox/sni';

let server: net.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** The first bytes Node's own TLS client sends for `servername`, as a real ClientHello. */
async function helloFor(servername: string | undefined): Promise<Buffer> {
  let received = Buffer.alloc(0);
  const done = new Promise<Buffer>((resolve) => {
    server = net.createServer((s) => {
      s.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length >= 5 && received.length >= 5 + received.readUInt16BE(3)) {
          s.destroy();
          resolve(received);
        }
      });
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server!.address() as net.AddressInfo;
  const client = tls.connect({ host: '127.0.0.1', port, ...(servername !== undefined && { servername }), rejectUnauthorized: false });
  client.on('error', () => {});
  const hello = await done;
  client.destroy();
  return hello;
}

describe('readClientHello', () => {
  it('reads the server name of a real ClientHello, lower-cased', async () => {
    expect(readClientHello(await helloFor('Healthy.Test'))).toEqual({ state: 'hello', host: 'healthy.test' });
  });

  it('waits for the whole record, and reads a hello without a name as one', async () => {
    const hello = await helloFor('censored.test');
    expect(readClientHello(hello.subarray(0, 3))).toEqual({ state: 'incomplete' });
    expect(readClientHello(hello.subarray(0, hello.length - 1))).toEqual({ state: 'incomplete' });
    // Node sends no SNI for an IP address.
    expect(readClientHello(await helloFor(undefined))).toEqual({ state: 'hello' });
  });

  it('calls a plain HTTP request or a broken record not TLS', () => {
    expect(readClientHello(Buffer.from('GET / HTTP/1.1\r\n'))).toEqual({ state: 'not-tls' });
    expect(readClientHello(Buffer.from([0x16, 3, 1, 0, 4, 1, 0, 0, 0]))).toEqual({ state: 'not-tls' });
    expect(readClientHello(Buffer.alloc(0))).toEqual({ state: 'incomplete' });
  });
});

describe('readHttpHost', () => {
  it('reads the Host header once the headers are complete, without port or final dot', () => {
    expect(readHttpHost(Buffer.from('GET / HTTP/1.1\r\nHost: plain.test\r\n'))).toEqual({ state: 'incomplete' });
    expect(readHttpHost(Buffer.from('GET / HTTP/1.1\r\nhost:Plain.Test.:80\r\nAccept: */*\r\n\r\n'))).toEqual({
      state: 'request',
      host: 'plain.test',
    });
    expect(readHttpHost(Buffer.from('GET / HTTP/1.0\r\nAccept: */*\r\n\r\n'))).toEqual({ state: 'request' });
  });
});
