import { describe, expect, it } from 'vitest';
import { createErrorCatalogue, type ResolvedError } from '../../core/error-catalogue.js';
import { AuthproofError } from '../../core/errors.js';
import type { ErrorDialect } from '../../profile/profile.js';
import { renderError } from '../render-error.js';
import { dialectRenderers } from './dialect-renderers.js';

const context = { path: '/v1/orders', method: 'POST', timestamp: '2030-01-01T00:00:00.000Z' };
const errors: ErrorDialect = { dialect: 'problem-json', problems: { '401': { type: 'https://example.com/probs/unauthorized', title: 'Unauthorized' } }, catalogue: createErrorCatalogue() };
const resolved = (status: number, extra: Partial<ResolvedError> = {}): ResolvedError => ({ errorCode: 'credential_invalid', status, message: 'Invalid key', field: 'message', ...extra });

describe('problem-json', () => {
  const render = dialectRenderers['problem-json'];
  it('writes RFC 9457 members with the profile type and title, about:blank otherwise, and the code as an extension', () => {
    expect(render(resolved(401), context, errors)).toEqual({
      contentType: 'application/problem+json; charset=utf-8',
      body: { type: 'https://example.com/probs/unauthorized', title: 'Unauthorized', status: 401, detail: 'Invalid key', instance: '/v1/orders' },
    });
    expect(render(resolved(400, { code: 'invalid_key' }), context, errors).body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid key', instance: '/v1/orders', code: 'invalid_key' });
  });
});

describe('nest', () => {
  const render = dialectRenderers.nest;
  it('writes statusCode, message, the reason phrase and the code when there is one', () => {
    expect(render(resolved(401, { code: 'invalid_api_key' }), context, errors)).toEqual({
      contentType: 'application/json; charset=utf-8',
      body: { statusCode: 401, message: 'Invalid key', error: 'Unauthorized', code: 'invalid_api_key' },
    });
    expect(render(resolved(403), context, errors).body).toEqual({ statusCode: 403, message: 'Invalid key', error: 'Forbidden' });
  });
});

describe('laravel', () => {
  const render = dialectRenderers.laravel;
  it('writes the message under message, or under error where the catalogue says so', () => {
    expect(render(resolved(401), context, errors)).toEqual({ contentType: 'application/json', body: { message: 'Invalid key' } });
    expect(render(resolved(401, { field: 'error', message: 'The request is missing a valid bearer token.' }), context, errors).body).toEqual({ error: 'The request is missing a valid bearer token.' });
  });
});

describe('oauth2', () => {
  const render = dialectRenderers.oauth2;
  it('writes the catalogue code, or an RFC 6749 code by failure, with the description and a hint when given', () => {
    expect(render(resolved(400, { code: 'unsupported_grant_type', hint: 'Check the grant_type parameter' }), context, errors).body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Invalid key',
      hint: 'Check the grant_type parameter',
    });
    const codeOf = (extra: Partial<ResolvedError> & { status: number }) => render(resolved(extra.status, extra), context, errors).body.error;
    expect(codeOf({ status: 400, errorCode: 'login_failed' })).toBe('invalid_grant');
    expect(codeOf({ status: 400, errorCode: 'grant_unsupported' })).toBe('unsupported_grant_type');
    expect(codeOf({ status: 400, errorCode: 'scope_invalid' })).toBe('invalid_scope');
    expect(codeOf({ status: 401 })).toBe('invalid_client');
    expect(codeOf({ status: 403, errorCode: 'wrong_credential_kind' })).toBe('unauthorized_client');
    expect(codeOf({ status: 415, errorCode: 'unsupported_media_type' })).toBe('invalid_request');
    expect(codeOf({ status: 500, errorCode: 'internal' })).toBe('server_error');
    expect(codeOf({ status: 503, errorCode: 'state_not_saved' })).toBe('temporarily_unavailable');
  });
});

describe('envelope', () => {
  const render = dialectRenderers.envelope;
  it('writes success false, the status, message, an empty errors list and where and when', () => {
    expect(render(resolved(400), context, errors)).toEqual({
      contentType: 'application/json; charset=utf-8',
      body: { success: false, statusCode: 400, message: 'Invalid key', errors: [], timestamp: '2030-01-01T00:00:00.000Z', path: '/v1/orders', method: 'POST' },
    });
  });
});

describe('renderError', () => {
  const options = { path: '/x', method: 'GET', now: Date.parse('2030-01-01T00:00:00Z'), challenges: ['ApiKey realm="t", header="X-Api-Key"'] };
  const ivory = { ...errors, dialect: 'nest' as const, catalogue: createErrorCatalogue({}, { key: { credential_invalid: { status: 400 } } }) };

  it('challenges on a 401 only: not when the catalogue turns the failure into a 400', () => {
    expect(renderError(ivory, new AuthproofError('credential_invalid'), options).headers['www-authenticate']).toEqual(options.challenges);
    const rendered = renderError(ivory, new AuthproofError('credential_invalid', undefined, { scheme: 'key' }), options);
    expect(rendered.status).toBe(400);
    expect(rendered.headers['www-authenticate']).toBeUndefined();
  });

  it('adds Retry-After and Allow in every dialect, and an operation may choose its own dialect', () => {
    const limited = renderError(ivory, new AuthproofError('rate_limited', undefined, { retryAfterSeconds: 7 }), { ...options, dialect: 'oauth2' });
    expect(limited).toEqual({
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '7' },
      body: JSON.stringify({ error: 'invalid_request', error_description: 'Rate limit exceeded' }),
    });
    expect(renderError(ivory, new AuthproofError('method_not_allowed', undefined, { allow: ['GET', 'HEAD'] }), options).headers.allow).toBe('GET, HEAD');
  });
});
