import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer as createPrismServer } from '@stoplight/prism-http-server';
import { pino } from 'pino';

/** A response Prism flagged: a violation of the OpenAPI document, or an answer Prism gave itself. */
export interface PrismViolation {
  method: string;
  path: string;
  status: number;
  /** Prism's words, e.g. `response.body must have required property 'id'`. */
  message: string;
}

/** A running Prism proxy in front of an upstream server. */
export interface PrismProxy {
  /** Send requests here instead of to the upstream. */
  url: string;
  /** Everything Prism flagged so far, oldest first. */
  violations(): PrismViolation[];
  close(): Promise<void>;
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/**
 * `prism proxy --errors` in front of `upstreamUrl`, validating every response against the OpenAPI document
 * at `specPath`, with request validation and Prism's own security check off so that wrong credentials
 * still reach the upstream (the `prism proxy` command always checks security and cannot turn it off, so
 * this builds the same server from Prism's packages with `checkSecurity: false`). A response that
 * violates the document becomes Prism's 500 `VIOLATIONS` problem, and is listed by `violations()`, as is
 * any warning and any answer Prism gives itself. A request the document does not describe (a path or
 * method it lacks) goes to the upstream directly: Prism has nothing to judge it by.
 */
export async function startPrismProxy(upstreamUrl: string, specPath: string): Promise<PrismProxy> {
  const operations = await getHttpOperationsFromSpec(specPath);
  const prism = createPrismServer(operations, {
    cors: false,
    components: { logger: pino({ level: 'silent' }) },
    config: {
      isProxy: true,
      upstream: new URL(upstreamUrl),
      upstreamProxy: undefined,
      validateRequest: false,
      validateResponse: true,
      checkSecurity: false,
      errors: true,
      mock: { dynamic: false },
    },
  });
  const prismUrl = new URL(await prism.listen(0, '127.0.0.1'));
  const upstream = new URL(upstreamUrl);
  // Prism can only judge what the document describes; any other request (an undocumented path or method,
  // a body Prism cannot parse) goes straight to the upstream, so that the client always sees its answer.
  const documented = operations.map((operation) => ({
    method: operation.method.toUpperCase(),
    path: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));
  // Prism parses a JSON body before it forwards it, and answers a broken one itself.
  const parsable = (type: string, body: Buffer): boolean => {
    if (!/json/i.test(type) || body.length === 0) return true;
    try {
      JSON.parse(body.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  };
  const describes = (method: string, url: string): boolean => {
    const path = url.split('?')[0]!;
    return documented.some((operation) => operation.method === method && operation.path.test(path));
  };

  // A transparent front that reads what Prism says about each response.
  const seen: PrismViolation[] = [];
  const front = createServer(async (incoming, outgoing) => {
    // Transfer-Encoding is hop-by-hop, but Prism copies it upstream next to the Content-Length its HTTP client
    // sets, which Node then rejects: Prism gets the body whole, with its length.
    const requestBody = Buffer.concat(await incoming.toArray());
    const { 'transfer-encoding': _hopByHop, ...headers } = incoming.headers;
    headers['content-length'] = String(requestBody.length);
    const via = describes(incoming.method ?? 'GET', incoming.url ?? '/') && parsable(String(headers['content-type'] ?? ''), requestBody) ? prismUrl : upstream;
    const request = forward({ host: via.hostname, port: via.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const record = (message: string): void => {
          seen.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', status: answer.statusCode ?? 0, message });
        };
        const flagged = answer.headers['sl-violations'];
        if (typeof flagged === 'string') {
          for (const violation of JSON.parse(flagged) as Array<{ location?: string[]; message: string; severity: string }>) {
            record(`${violation.severity}: ${(violation.location ?? []).join('.')} ${violation.message}`);
          }
        } else if (/^application\/problem\+json/.test(String(answer.headers['content-type'])) && body.length > 0) {
          // A HEAD answer has no body; any other problem is JSON (Prism's own, or the upstream's).
          const problem = JSON.parse(body.toString('utf8')) as { type?: string; title?: string; detail?: string };
          if (problem.type?.startsWith('https://stoplight.io/prism/errors#')) record(`Prism answered itself: ${problem.title} — ${problem.detail}`);
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(body);
      });
    });
    request.on('error', (error) => outgoing.destroy(error));
    request.end(requestBody);
  });
  const port = await listen(front);
  return {
    url: `http://127.0.0.1:${port}`,
    violations: () => [...seen],
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await prism.close();
    },
  };
}
