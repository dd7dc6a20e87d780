// Joins two TCP sockets so that what one side does the other sees: data both ways, a clean close
// as a close, and a reset as a reset (a censor's reset must reach the browser as one).
import type net from 'node:net';

export function splice(client: net.Socket, upstream: net.Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  const resetBoth = () => {
    if (!client.destroyed) client.resetAndDestroy();
    if (!upstream.destroyed) upstream.resetAndDestroy();
  };
  upstream.on('error', resetBoth);
  client.on('error', resetBoth);
  upstream.on('close', (hadError) => {
    if (hadError) resetBoth();
  });
  client.on('close', () => {
    if (!upstream.destroyed) upstream.destroy();
  });
}
