import { connect, type Socket } from 'node:net';

/** A raw HTTP request whose client stops reading the answer as soon as the request is sent. */
export interface StalledRequest {
  readonly socket: Socket;
  /** Whether the server has closed the connection (seen once the client reads again). */
  readAll(): Promise<string>;
}

/**
 * Sends one HTTP/1.1 request on a fresh socket and then reads nothing: the kernel buffers fill and the server's
 * writes back up, the way a client that stopped reading looks from the server. `readAll()` starts reading again
 * and resolves with everything received once the server closed the connection.
 */
export function stalledRequest(url: URL, method: string, headers: Record<string, string>, body = ''): Promise<StalledRequest> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.pause();
      const lines = [`${method} ${url.pathname} HTTP/1.1`, `host: ${url.host}`, `content-length: ${Buffer.byteLength(body)}`];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
      const chunks: Buffer[] = [];
      const ended = new Promise<string>((done) => {
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.once('close', () => done(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', () => undefined);
      });
      resolve({
        socket,
        readAll: () => {
          socket.resume();
          return ended;
        },
      });
    });
    socket.once('error', reject);
  });
}
