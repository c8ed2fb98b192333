import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { bornWithPrototypesOf } from './born-with-prototypes.js';

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

describe('bornWithPrototypesOf', () => {
  it('makes node:http create working requests and responses that have the app’s prototypes from the start, laid out as its own', async () => {
    const original = { request: Object.create(IncomingMessage.prototype) as IncomingMessage, response: Object.create(ServerResponse.prototype) as ServerResponse };
    const app = { ...original };
    const seen: unknown[] = [];
    const server = createServer(bornWithPrototypesOf(app), (request, response) => {
      seen.push(Object.getPrototypeOf(request) === app.request, Object.getPrototypeOf(response) === app.response);
      seen.push(original.request.isPrototypeOf(request), original.response.isPrototypeOf(response));
      seen.push(request instanceof IncomingMessage, response instanceof ServerResponse);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${request.method} ${request.url} ${request.headers['x-probe']}`);
      // Not turned into dictionaries (slow properties) by node:http's fields, even after answering.
      seen.push(hasFastProperties(request), hasFastProperties(response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/probe?q=1`, { headers: { 'x-probe': 'yes' } });
      expect(await answer.text()).toBe('GET /probe?q=1 yes');
      expect(seen).toEqual([true, true, true, true, true, true, true, true]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
