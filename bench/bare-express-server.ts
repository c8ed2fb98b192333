/**
 * The baseline of `npm run bench`: a bare Express app with the mock's settings that answers one route
 * (AUTHPROOF_BENCH_ROUTE, an Express path) with fixed bytes (AUTHPROOF_BENCH_BODY, base64) and fixed
 * headers (AUTHPROOF_BENCH_HEADERS, a JSON object) — the mock's own answer, fetched once — and has no
 * authentication, state, validation or serialization. It prints its URL on stdout once it listens.
 *
 * Its HTTP server is created as the mock's is, with requests and responses born with the app's prototypes
 * (`bornWithPrototypesOf`): Express would otherwise switch the prototype of each, which costs more than the rest
 * of a bare answer, and a baseline paying a cost the mock avoids would flatter the ratio.
 */
import { createServer } from 'node:http';
import express from 'express';
import { bornWithPrototypesOf } from '../mock-server/http/born-with-prototypes.js';

const route = process.env.AUTHPROOF_BENCH_ROUTE ?? '/';
const body = Buffer.from(process.env.AUTHPROOF_BENCH_BODY ?? '', 'base64');
const headers = JSON.parse(process.env.AUTHPROOF_BENCH_HEADERS ?? '{}') as Record<string, string>;
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get(route, (_request, response) => {
  response.set(headers).send(body);
});
const server = createServer(bornWithPrototypesOf(app), app);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
