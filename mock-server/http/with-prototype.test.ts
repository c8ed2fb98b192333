import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withPrototype } from './with-prototype.js';

describe('withPrototype', () => {
  it('makes node:http create working requests and responses that have the given prototypes from the start', async () => {
    const requestPrototype = Object.create(IncomingMessage.prototype) as IncomingMessage;
    const responsePrototype = Object.create(ServerResponse.prototype) as ServerResponse;
    const seen: unknown[] = [];
    const server = createServer(
      { IncomingMessage: withPrototype(IncomingMessage, requestPrototype), ServerResponse: withPrototype(ServerResponse, responsePrototype) },
      (request, response) => {
        seen.push(Object.getPrototypeOf(request) === requestPrototype, Object.getPrototypeOf(response) === responsePrototype);
        seen.push(request instanceof IncomingMessage, response instanceof ServerResponse);
        response.writeHead(200, { 'content-type': 'text/plain' }).end(`${request.method} ${request.url} ${request.headers['x-probe']}`);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/probe?q=1`, { headers: { 'x-probe': 'yes' } });
      expect(await answer.text()).toBe('GET /probe?q=1 yes');
      expect(seen).toEqual([true, true, true, true]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
