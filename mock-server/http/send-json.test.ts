import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test/raw-request.js';
import { sendJson } from './send-json.js';

describe('sendJson', () => {
  const body = Buffer.from('{"data":[],"total":0}');
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.all('/express/:status', (request, response) => {
      response.statusCode = Number(request.params.status);
      response.setHeader('content-type', 'application/json; charset=utf-8').send(body);
    });
    app.all('/direct/:status', (request, response) => {
      response.statusCode = Number(request.params.status);
      sendJson(request, response, body);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  /** The raw answer to a request on a closing connection, without its Date. */
  const answer = async (method: string, path: string, headers = ''): Promise<string> =>
    (await rawRequest(url, `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`)).replace(/^Date: .*\r\n/im, '');

  it('writes the very bytes Express’s send writes, whatever the method, status and conditional headers', async () => {
    for (const method of ['GET', 'HEAD', 'POST']) {
      for (const status of [200, 201, 204, 205, 400]) {
        const conditions = ['', 'If-None-Match: *\r\n', 'If-None-Match: "x"\r\n', 'If-Modified-Since: Wed, 02 Dec 2026 10:00:00 GMT\r\n'];
        for (const headers of conditions) {
          const expected = await answer(method, `/express/${status}`, headers);
          expect(await answer(method, `/direct/${status}`, headers), `${method} ${status} ${headers}`).toBe(expected);
        }
      }
    }
    expect(await answer('GET', '/direct/200')).toContain('\r\ncontent-type: application/json; charset=utf-8\r\nContent-Length: 21\r\n');
  });
});
