import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { packageRoot } from '../../mock-server/package-root.js';
import { startPrismProxy, type PrismProxy } from './start-prism-proxy.js';

const SPEC = join(packageRoot, 'spec', 'iterapay.openapi.yaml');
const MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';

describe('startPrismProxy (prism proxy --errors, security and request validation off)', () => {
  let mock: MockServer;
  let prism: PrismProxy;
  beforeAll(async () => {
    mock = await startMockServer({ profile: 'iterapay', logLevel: 'silent' });
    prism = await startPrismProxy(mock.url, SPEC);
  });
  afterAll(async () => {
    await prism.close();
    await mock.close();
  });

  it("lets missing and wrong-kind credentials reach the mock, and finds nothing to flag in the mock's answers", async () => {
    const missing = await fetch(`${prism.url}/merchants/${MERCHANT}/invoices`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { type: string }).type).toBe('https://example.com/probs/unauthorized');
    const { apiKey, merchantId } = await mock.admin.changeProviderState({ state: 'the merchant has an active API key' });
    const wrongKind = await fetch(`${prism.url}/key/generate/${merchantId}`, { method: 'POST', headers: { 'x-api-key': apiKey! } });
    expect(wrongKind.status).toBe(403);
    expect((await fetch(`${prism.url}/merchants/${merchantId}/invoices?limit=0`, { headers: { 'x-api-key': apiKey! } })).status).toBe(400);
    expect((await fetch(`${prism.url}/merchants/${merchantId}/invoices`, { headers: { 'x-api-key': apiKey! } })).status).toBe(200);
    await mock.admin.changeProviderState({ state: '', action: 'teardown' });
    expect(prism.violations()).toEqual([]);
  });

  it('flags a response that breaks the document and answers 500 instead (--errors)', async () => {
    const broken = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"prefix": 42}');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const strict = await startPrismProxy(`http://127.0.0.1:${(broken.address() as AddressInfo).port}`, SPEC);
    try {
      const answer = await fetch(`${strict.url}/key/info/${MERCHANT}`, { headers: { authorization: 'Bearer x' } });
      expect(answer.status).toBe(500);
      expect(strict.violations().map((violation) => violation.message).join('\n')).toMatch(/required property 'createdAt'/);
      expect(strict.violations()[0]).toMatchObject({ method: 'GET', path: `/key/info/${MERCHANT}`, status: 500 });
    } finally {
      await strict.close();
      broken.close();
    }
  });
});
