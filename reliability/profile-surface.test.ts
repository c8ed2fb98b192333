import { describe, expect, it } from 'vitest';
import { builtinProfiles } from '../mock-server/profile/load-profile.js';
import { readProfileSurface } from './profile-surface.js';

describe('readProfileSurface', () => {
  it('finds login, generate and a key-taking GET in every built-in profile, and revoke where there is one', async () => {
    for (const name of builtinProfiles()) {
      const surface = await readProfileSurface(name);
      expect(surface.login.body).toContain('password');
      expect(surface.generate('m-1', 't').headers.authorization).toBe('Bearer t');
      if (surface.revoke) expect(surface.revoke('m-1', 't').headers.authorization).toBe('Bearer t');
      expect(surface.useKey('m-1', 'k').method).toBe('GET');
    }
  });

  it('reads the IteraPay operations and tells its problem+json from anything else', async () => {
    const surface = await readProfileSurface('iterapay');
    expect(surface.accountTenancy).toBe(false);
    expect(surface.generate('m-1', 't')).toEqual({ method: 'POST', path: '/key/generate/m-1', headers: { authorization: 'Bearer t' } });
    expect(surface.revoke!('m-1', 't')).toEqual({ method: 'DELETE', path: '/key/revoke/m-1', headers: { authorization: 'Bearer t' } });
    expect(surface.useKey('m-1', 'k')).toEqual({ method: 'GET', path: '/merchants/m-1/invoices', headers: { 'x-api-key': 'k' } });
    const problem = JSON.stringify({ type: 'https://example.com/probs/invalid-request', title: 'Invalid Request', status: 400, detail: 'x', instance: '' });
    const json = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(surface.inDialect({ status: 400, headers: json, body: problem })).toBe(true);
    expect(surface.inDialect({ status: 400, headers: { 'content-type': 'application/json' }, body: problem })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: '{"message":"x"}' })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: `${problem}HTTP/1.1 400` })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: '' }, true)).toBe(true);
    expect(surface.inDialect({ status: 400, headers: json, body: problem }, true)).toBe(false);
  });

  it("reads the CertoPay operations, whose keys are an account's, and judges its NestJS-style errors", async () => {
    const surface = await readProfileSurface('certopay');
    expect(surface.accountTenancy).toBe(true);
    expect(surface.revoke).toBeNull();
    expect(surface.generate(surface.merchantId, 't')).toEqual({ method: 'POST', path: '/api/api-keys/me/regenerate', headers: { authorization: 'Bearer t' } });
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(surface.inDialect({ status: 401, headers: json, body: JSON.stringify({ statusCode: 401, message: 'x', error: 'Unauthorized', code: 'invalid_api_key' }) })).toBe(true);
    expect(surface.inDialect({ status: 401, headers: json, body: JSON.stringify({ message: 'x' }) })).toBe(false);
  });
});
