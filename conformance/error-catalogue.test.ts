import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { ERROR_PROFILE_FIXTURES, NEST_CODES_PROFILE } from '../mock-server/test/error-profiles.js';
import { jwtScheme, keyScheme } from './profile/surface.js';
import { connectAdminTarget } from './targets/admin-target.js';
import { startBrokenProxy, type Fault } from './test/broken-proxy.js';
import { selfTestProfile, statuses } from './test/self-test-setup.js';

const seed = fastCheckSeed('conformance on a profile with its own error catalogue');
const { surface, requirements, prove: proveProfile } = selfTestProfile(NEST_CODES_PROFILE);

/** A JWT on an API-key operation gets 403 insufficient_permissions, IteraPay's rule, instead of the profile's 401. */
const wrongKindIs403: Fault = {
  breaks: 'AUTH-WRONG-KIND',
  response(request, response) {
    if (request.path === '/merchants' && request.headers.authorization !== undefined && response.status === 401 && /not accepted/.test(response.body)) {
      response.status = 403;
      response.body = JSON.stringify({ ...JSON.parse(response.body), statusCode: 403, error: 'Forbidden', code: 'insufficient_permissions' });
      delete response.headers['www-authenticate'];
    }
  },
};

/** Error bodies without the provider's code: the credential checks know the failure each answer is for. */
const noCode: Fault = {
  breaks: 'ERROR-DIALECT',
  response(_request, response) {
    if (response.status >= 400 && response.body !== '') response.body = JSON.stringify({ ...JSON.parse(response.body), code: undefined });
  },
};

describe('the suite on a profile with its own dialect and code catalogue', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ profile: NEST_CODES_PROFILE, fixtures: ERROR_PROFILE_FIXTURES });
  });
  afterAll(() => mock.close());

  const prove = async (url: string) => proveProfile({ target: await connectAdminTarget({ baseUrl: url }), seed, runs: 10 });

  it('reads the statuses from the catalogue, by scheme, and states them', () => {
    const [bearer, key] = [jwtScheme(surface)!, keyScheme(surface)!];
    expect([surface.rules.wrongKind(bearer), surface.rules.wrongKind(key), surface.rules.invalid(key), surface.rules.missing, surface.rules.rateLimited]).toEqual([401, 403, 401, 401, 429]);
    const statement = (id: string) => requirements.find((requirement) => requirement.id === id)!.statement;
    expect(statement('AUTH-WRONG-KIND')).toMatch(/gets 401 \(bearerAuth\), 403 \(apiKeyAuth\)/);
    expect(statement('ERROR-DIALECT')).toMatch(/statusCode, message, error \(the reason phrase\).*; on login, application\/json with error/);
  });

  it('certifies the mock serving it CONFORMANT', async () => {
    const report = await prove(mock.url);
    expect(statuses(report)).toEqual(Object.fromEntries(requirements.map((requirement) => [requirement.id, 'PASSED'])));
    expect(report.verdict).toBe('CONFORMANT');
    expect(requirements.map((requirement) => requirement.id)).toEqual(expect.arrayContaining(['AUTH-WRONG-KIND', 'ERROR-DIALECT', 'AUTH-UNKNOWN-KEY', 'RATE-LIMIT-ENFORCED']));
  });

  it.each([
    ['a JWT on an API-key operation answered 403', wrongKindIs403, /^401 on listMerchants: a valid credential of the wrong kind$/],
    ['error bodies without the code', noCode, /^the provider's code for .+|^429 in the profile's dialect: application\/json with statusCode, message, error \(the reason phrase\)/],
  ])('fails a target with %s', async (_name, fault, expected) => {
    const proxy = await startBrokenProxy(mock.url, fault);
    try {
      const result = (await prove(proxy.url)).results.find((candidate) => candidate.requirement.id === fault.breaks);
      expect(result!.status).toBe('FAILED');
      expect(result!.counterexample!.expected).toMatch(expected);
    } finally {
      await proxy.close();
    }
  });
});
