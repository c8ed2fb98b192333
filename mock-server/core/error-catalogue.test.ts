import { describe, expect, it } from 'vitest';
import { createErrorCatalogue } from './error-catalogue.js';
import { AuthproofError, isCredentialFailure } from './errors.js';

describe('the error catalogue', () => {
  const catalogue = createErrorCatalogue(
    { credential_missing: { message: 'Unauthorized' }, credential_invalid: { code: 'invalid_api_key' }, rate_limited: { status: 503 } },
    { key: { credential_invalid: { status: 400, message: 'Invalid key' }, wrong_credential_kind: { status: 401, field: 'error' } } },
  );

  it('keeps the built-in status and the failure detail of a code no one lists', () => {
    expect(catalogue.resolve(new AuthproofError('not_found', 'No such order'))).toEqual({ errorCode: 'not_found', status: 404, message: 'No such order', field: 'message' });
  });

  it('takes the scheme codes first, then the document codes, member by member', () => {
    const invalid = new AuthproofError('credential_invalid', 'API key is not valid', { scheme: 'key' });
    expect(catalogue.resolve(invalid)).toEqual({ errorCode: 'credential_invalid', status: 400, message: 'Invalid key', code: 'invalid_api_key', field: 'message' });
    expect(catalogue.resolve(new AuthproofError('credential_invalid', 'Bearer token is not valid', { scheme: 'bearer' }))).toMatchObject({ status: 401, message: 'Bearer token is not valid', code: 'invalid_api_key' });
    expect(catalogue.resolve(new AuthproofError('wrong_credential_kind', 'x', { scheme: 'key' }))).toMatchObject({ status: 401, field: 'error' });
    expect(catalogue.resolve(new AuthproofError('credential_missing'))).toMatchObject({ status: 401, message: 'Unauthorized' });
    expect(catalogue.resolve(new AuthproofError('rate_limited', 'slow down', { scheme: 'key' }))).toMatchObject({ status: 503, message: 'slow down' });
  });

  it('classifies credential failures by code, whatever status the profile gives them', () => {
    expect(isCredentialFailure('credential_invalid')).toBe(true);
    expect(isCredentialFailure('credential_replaced')).toBe(true);
    expect(isCredentialFailure('wrong_credential_kind')).toBe(false);
    expect(isCredentialFailure('merchant_forbidden')).toBe(false);
  });
});
