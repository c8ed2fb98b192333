import { describe, expect, it } from 'vitest';
import { builtinProfiles } from '../mock-server/profile/load-profile.js';
import { readProfileSurface } from './profile-surface.js';

describe('readProfileSurface', () => {
  it('finds login, generate, revoke and a key-taking GET in every built-in profile', async () => {
    for (const name of builtinProfiles()) {
      const surface = await readProfileSurface(name);
      expect(surface.login.body).toContain('password');
      expect(surface.generate('m-1', 't').path).toContain('m-1');
      expect(surface.revoke('m-1', 't').headers.authorization).toBe('Bearer t');
      expect(surface.useKey('m-1', 'k').method).toBe('GET');
    }
  });

  it('reads the IteraPay operations and tells problem+json from anything else', async () => {
    const surface = await readProfileSurface('iterapay');
    expect(surface.generate('m-1', 't')).toEqual({ method: 'POST', path: '/key/generate/m-1', headers: { authorization: 'Bearer t' } });
    expect(surface.useKey('m-1', 'k')).toEqual({ method: 'GET', path: '/merchants/m-1/invoices', headers: { 'x-api-key': 'k' } });
    const problem = JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'x', instance: '' });
    const json = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(surface.inDialect({ status: 400, headers: json, body: problem })).toBe(true);
    expect(surface.inDialect({ status: 400, headers: { 'content-type': 'application/json' }, body: problem })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: '{"message":"x"}' })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: `${problem}HTTP/1.1 400` })).toBe(false);
    expect(surface.inDialect({ status: 400, headers: json, body: '' }, true)).toBe(true);
    expect(surface.inDialect({ status: 400, headers: json, body: problem }, true)).toBe(false);
  });
});
