import { connect } from 'node:net';

/** What came back on one connection: the status (0 when the socket closed without an answer). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `bytes` on a new loopback connection and reads until the server closes it (or `timeoutMs`
 * passes). For requests fetch refuses to make: broken request lines, missing Host, CONNECT, …
 */
export function sendRaw(url: string, bytes: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(parseAnswer(Buffer.concat(chunks).toString('latin1'))));
  });
}

/** Parses the first response in `text` (after any 100 Continue). */
export function parseAnswer(text: string): RawAnswer {
  const final = text.replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, '');
  const split = final.indexOf('\r\n\r\n');
  if (!final.startsWith('HTTP/') || split < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = final.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = final.slice(split + 4);
  return { status: Number(statusLine!.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(body) : body };
}

/** The payload of a chunked body. */
function dechunk(text: string): string {
  let payload = '';
  for (let at = 0; ; ) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = lineEnd < 0 ? 0 : parseInt(text.slice(at, lineEnd), 16);
    if (!size) return payload;
    payload += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
