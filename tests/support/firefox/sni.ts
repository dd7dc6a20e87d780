// Reads the server name (SNI) out of the first bytes of a TLS connection, so a loopback router can
// hand the connection to the simulated site it names without terminating TLS: the browser still
// sees that site's own certificate.

export type HelloRead =
  /** Not enough bytes yet for the whole ClientHello record. */
  | { state: 'incomplete' }
  /** Not a TLS ClientHello at all (a plain HTTP request, garbage). */
  | { state: 'not-tls' }
  /** A ClientHello; `host` is absent when it names no server. */
  | { state: 'hello'; host?: string };

const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const EXT_SERVER_NAME = 0x0000;
const HOST_NAME = 0x00;

/** The ClientHello must fit in its first record, as every browser sends it. */
export function readClientHello(data: Buffer): HelloRead {
  if (data.length === 0) return { state: 'incomplete' };
  if (data[0] !== HANDSHAKE) return { state: 'not-tls' };
  if (data.length < 5) return { state: 'incomplete' };
  const recordLength = data.readUInt16BE(3);
  if (data.length < 5 + recordLength) return { state: 'incomplete' };
  const hello = data.subarray(5, 5 + recordLength);
  try {
    return { state: 'hello', ...optional(serverName(hello)) };
  } catch {
    return { state: 'not-tls' };
  }
}

function optional(host: string | undefined): { host?: string } {
  return host === undefined ? {} : { host };
}

/** Walks the handshake message; a read past the end throws RangeError, caught above. */
function serverName(msg: Buffer): string | undefined {
  if (msg.readUInt8(0) !== CLIENT_HELLO) throw new RangeError('not a ClientHello');
  let at = 4; // type (1) + length (3)
  at += 2 + 32; // legacy_version, random
  at += 1 + msg.readUInt8(at); // session id
  at += 2 + msg.readUInt16BE(at); // cipher suites
  at += 1 + msg.readUInt8(at); // compression methods
  if (at === msg.length) return undefined; // no extensions
  const end = at + 2 + msg.readUInt16BE(at);
  at += 2;
  while (at + 4 <= end) {
    const type = msg.readUInt16BE(at);
    const length = msg.readUInt16BE(at + 2);
    at += 4;
    if (type === EXT_SERVER_NAME) {
      let p = at + 2; // server_name_list length
      while (p + 3 <= at + length) {
        const nameType = msg.readUInt8(p);
        const nameLength = msg.readUInt16BE(p + 1);
        if (nameType === HOST_NAME) return msg.toString('ascii', p + 3, p + 3 + nameLength).toLowerCase();
        p += 3 + nameLength;
      }
      return undefined;
    }
    at += length;
  }
  return undefined;
}

/** The Host header of a plain HTTP request, lower-case and without a port; undefined until the headers are complete. */
export function readHttpHost(data: Buffer): { state: 'incomplete' } | { state: 'request'; host?: string } {
  const text = data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { state: 'incomplete' };
  const header = /^host:[ \t]*([^\r\n]*)$/im.exec(text.slice(0, end));
  const host = header?.[1]?.trim().replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  return host ? { state: 'request', host } : { state: 'request' };
}
