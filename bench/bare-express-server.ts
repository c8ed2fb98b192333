/**
 * The baseline of `npm run bench`: a bare Express app with the mock's settings that answers the invoice
 * list path with a fixed JSON body (given in AUTHPROOF_BENCH_BODY) and no authentication, state or
 * validation. It prints its URL on stdout once it listens.
 */
import express from 'express';

const body: unknown = JSON.parse(process.env.AUTHPROOF_BENCH_BODY ?? '{}');
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/merchants/:merchantID/invoices', (_request, response) => {
  response.json(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
