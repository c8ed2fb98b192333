/**
 * Deliberately broken targets for the suite's self-tests: an HTTP proxy in front of a clean mock that
 * breaks exactly one promise of the profile (keeps replaced keys alive, answers 401 where 403 is due, drops
 * Retry-After, …). The suite must fail on the requirement each fault breaks, and only there.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request on its way to the mock; a fault may rewrite it or answer it itself. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A response on its way back; a fault may rewrite it. */
export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One way of breaking the mock. `state` is private to one proxy. */
export interface Fault {
  /** The requirement the fault breaks. */
  breaks: string;
  /** Requirements that cannot be exercised at all once this one is broken: they must not pass either. */
  unprovable?: string[];
  /** Rewrites the request, answers it itself, or (`hang`) never answers. */
  request?(request: ProxiedRequest, state: Map<string, unknown>): ProxiedResponse | 'hang' | void;
  response?(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a proxy to `upstream` that applies `fault`; resolves to its URL and a close function. */
export async function startBrokenProxy(upstream: string, fault: Fault): Promise<{ url: string; close(): Promise<void> }> {
  const state = new Map<string, unknown>();
  const server: Server = createServer((incoming, outgoing) => {
    forward(incoming).then(
      (response) => {
        if (response === 'hang') return;
        outgoing.writeHead(response.status, response.headers);
        outgoing.end(response.body);
      },
      (error: Error) => {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`broken proxy: ${error.message}`);
      },
    );
  });
  async function forward(incoming: IncomingMessage): Promise<ProxiedResponse | 'hang'> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request: ProxiedRequest = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers, body: await readBody(incoming) };
    let response = fault.request?.(request, state) ?? undefined;
    if (response === 'hang') return response;
    if (!response) {
      const upstreamResponse = await fetch(`${upstream}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: ['GET', 'HEAD'].includes(request.method) || request.body === '' ? undefined : request.body,
      });
      const responseHeaders: Record<string, string> = {};
      upstreamResponse.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) responseHeaders[name] = value;
      });
      response = { status: upstreamResponse.status, headers: responseHeaders, body: await upstreamResponse.text() };
      fault.response?.(request, response, state);
    }
    return response;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
