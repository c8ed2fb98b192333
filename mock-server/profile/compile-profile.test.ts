import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthproofError, BUILTIN_ERRORS } from '../core/errors.js';
import { dialectRenderers } from '../http/dialects/dialect-renderers.js';
import { packageRoot } from '../package-root.js';
import { NEST_CODES_PROFILE } from '../test/error-profiles.js';
import { startMockServer } from '../start-mock-server.js';
import { compileProfile } from './compile-profile.js';
import { builtinProfiles, loadProfile } from './load-profile.js';
import { parseYaml } from './parse-yaml.js';
import { createRequestValidator } from './request-validator.js';
import { scratchFolder } from '../test/scratch-folder.js';

const iterapayDocument = async () => (await parseYaml(readFileSync(join(packageRoot, 'spec', 'iterapay.openapi.yaml'), 'utf8'))) as Record<string, any>;

/** A minimal vendor profile: one API key per merchant, managed with a JWT, one payment operation. */
const vendorDocument = () => ({
  openapi: '3.1.0',
  info: { title: 'Vendor', version: '1' },
  'x-authproof-profile': { id: 'vendor', title: 'Vendor Pay' },
  'x-authproof-errors': { dialect: 'problem-json', problems: { '401': { type: 'https://vendor.example/401', title: 'Nope' } } },
  components: {
    securitySchemes: {
      session: { type: 'http', scheme: 'bearer', 'x-authproof-credential': 'jwt', 'x-authproof-jwt': { algorithm: 'ES256', issuer: 'vendor', lifetimeSeconds: 60 } },
      key: {
        type: 'apiKey',
        in: 'header',
        name: 'Vendor-Key',
        'x-authproof-credential': 'merchant-key',
        'x-authproof-key-format': { prefix: 'vk_', length: 24, alphabet: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', displayPrefixLength: 6 },
      },
    },
  },
  paths: {
    '/login': {
      post: {
        operationId: 'login',
        security: [],
        'x-authproof-action': 'auth.login',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['email', 'password'] } } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' } } } } } } },
      },
    },
    '/shops/{shop}/key': {
      put: {
        operationId: 'rotate',
        parameters: [{ name: 'shop', in: 'path', required: true, schema: { type: 'string' } }],
        security: [{ session: [] }],
        'x-authproof-merchant-param': 'shop',
        'x-authproof-action': 'key.generate',
        responses: { '201': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { key: { type: 'string' } } } } } } },
      },
    },
    '/shops/{shop}/catalogue': {
      get: {
        operationId: 'catalogue',
        parameters: [{ name: 'shop', in: 'path', required: true, schema: { type: 'string' } }],
        security: [{}, { key: [] }],
        'x-authproof-action': { name: 'resource.list', collection: 'products', pagination: 'none' },
        'x-authproof-merchant-param': 'shop',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } } },
      },
    },
    '/shops/{shop}/orders': {
      get: {
        operationId: 'orders',
        parameters: [{ name: 'shop', in: 'path', required: true, schema: { type: 'string' } }],
        security: [{ key: [] }],
        'x-authproof-merchant-param': 'shop',
        'x-authproof-action': { name: 'resource.list', collection: 'orders', pagination: 'none' },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } } },
      },
    },
  },
});

describe('profiles', () => {
  it('every built-in profile passes the extension schema (it is trusted, so only this test checks it)', async () => {
    for (const name of builtinProfiles()) {
      const document = await parseYaml(readFileSync(join(packageRoot, 'spec', `${name}.openapi.yaml`), 'utf8'));
      await expect(compileProfile(document, name)).resolves.toMatchObject({ id: name });
    }
  });

  it('compiles every request validator of every built-in profile', async () => {
    for (const name of builtinProfiles()) {
      const profile = await loadProfile(name);
      const validator = createRequestValidator(profile);
      for (const operation of profile.operations) {
        const validate = await validator.forOperation(operation);
        for (const check of [() => validate.parameters({}, {}), () => validate.body({})]) {
          try {
            check();
          } catch (error) {
            expect((error as { code?: string }).code, operation.operationId).toBe('invalid_request');
          }
        }
      }
    }
  });

  it('reads the IteraPay credential rules from the spec', async () => {
    const profile = await loadProfile('iterapay');
    expect(profile.schemes.map(({ name, credential, location, rateLimit, ipAllowlist }) => ({ name, credential, location, rateLimit, ipAllowlist }))).toEqual([
      { name: 'bearerAuth', credential: 'jwt', location: { kind: 'bearer' }, rateLimit: null, ipAllowlist: null },
      { name: 'apiKeyAuth', credential: 'merchant-key', location: { kind: 'header', header: 'X-Api-Key' }, rateLimit: { limit: 100, windowSeconds: 60 }, ipAllowlist: 'merchant' },
    ]);
    const byId = Object.fromEntries(profile.operations.map((operation) => [operation.operationId, operation]));
    expect(byId.generateKey).toMatchObject({ method: 'post', path: '/key/generate/{merchantID}', security: [['bearerAuth']], successStatus: 200 });
    expect(byId.listMerchants!.security).toEqual([['apiKeyAuth'], ['bearerAuth']]);
    expect(byId.getPublicInvoice!.security).toEqual([]);
  });

  it.each([
    ['not OpenAPI 3.1', (d: any) => (d.openapi = '3.0.3'), /openapi: must be 3\.1\.x/],
    ['no profile id', (d: any) => delete d['x-authproof-profile'], /x-authproof-profile: value must be object/],
    ['an unknown action', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-action'] = 'key.peek'), /getKeyInfo|key\/info.*x-authproof-action/],
    ['an action without its option', (d: any) => (d.paths['/merchants/{merchantID}/invoices'].get['x-authproof-action'] = 'resource.list'), /needs the option collection/],
    ['a merchant param not in the path', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-merchant-param'] = 'shop'), /\{shop\} is not in the path/],
    ['security naming an unknown scheme', (d: any) => (d.paths['/key/info/{merchantID}'].get.security = [{ cookie: [] }]), /scheme cookie is not a securitySchemes entry/],
    ['two success responses', (d: any) => (d.paths['/key/info/{merchantID}'].get.responses['201'] = { description: 'x' }), /needs exactly one 2xx response, found 2/],
    ['a bad rate limit', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-rate-limit'] = { limit: 0, windowSeconds: 60 }), /x-authproof-rate-limit: \/limit must be >= 1/],
    ['a bad login attempt limit', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-jwt'].loginAttempts = { limit: 5 }), /x-authproof-jwt: \/loginAttempts must have required property 'windowSeconds'/],
    ['an empty audience', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-jwt'].audience = ''), /x-authproof-jwt: \/audience must NOT have fewer than 1 characters/],
    ['an unknown error dialect', (d: any) => (d['x-authproof-errors'].dialect = 'xml'), /x-authproof-errors: \/dialect must be equal to one of the allowed values/],
    ['a code with a status that is not an error', (d: any) => (d['x-authproof-errors'].codes = { credential_invalid: { status: 302 } }), /x-authproof-errors: \/codes\/credential_invalid\/status must be >= 400/],
    ['a code for an unknown failure', (d: any) => (d['x-authproof-errors'].codes = { key_lost: { status: 400 } }), /x-authproof-errors: \/codes property name "key_lost" must be equal to one of the allowed values/],
    ['a scheme code with an unknown member', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-codes'] = { credential_invalid: { state: 400 } }), /apiKeyAuth\.x-authproof-codes: \/credential_invalid must NOT have additional properties/],
    ['a laravel field that does not exist', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-codes'] = { credential_missing: { field: 'detail' } }), /bearerAuth\.x-authproof-codes: \/credential_missing\/field must be equal to one of the allowed values/],
    ['an unknown operation dialect', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-error-dialect'] = 'soap'), /key\/info\/\{merchantID\}\.get\.x-authproof-error-dialect: value must be equal to one of the allowed values/],
    ['an unknown slot policy', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-key-slot'] = { generate: 'rotate' }), /apiKeyAuth\.x-authproof-key-slot: \/generate must be equal to one of the allowed values/],
    ['a mask without a count', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-key-format'].mask = { separator: '...', character: '*' }), /x-authproof-key-format: \/mask must have required property 'count'/],
    ['an unknown tenant', (d: any) => (d.paths['/merchants'].get['x-authproof-tenant'] = 'shop'), /merchants\.get\.x-authproof-tenant: value must be equal to one of the allowed values/],
    ['a tenant and a merchant param together', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-tenant'] = 'me'), /x-authproof-tenant: me and x-authproof-merchant-param exclude each other/],
    ['a key action with no tenant', (d: any) => delete d.paths['/key/info/{merchantID}'].get['x-authproof-merchant-param'], /key\.info needs x-authproof-merchant-param or x-authproof-tenant: me/],
    ['an environment prefix off the key prefix', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-key-format'].environments = { TEST: 'sk_test_' }), /apiKeyAuth\.x-authproof-key-format\.environments\.TEST: must start with the prefix iterapay_live_/],
    ['a key action naming a scheme that holds no keys', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-action'] = { name: 'key.info', schemes: ['bearerAuth'] }), /x-authproof-action\.schemes: bearerAuth is not a scheme with x-authproof-credential: merchant-key/],
    ['keys with environments and no environment for a JWT caller', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-key-format'].environments = { LIVE: 'iterapay_live_' }), /key\.generate acts on keys that belong to an environment: name it with x-authproof-environment-param/],
    ['an environment param not in the path', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-environment-param'] = 'env'), /x-authproof-environment-param: \{env\} is not in the path/],
    ['an IP allowlist of an unknown source', (d: any) => (d.components.securitySchemes.apiKeyAuth['x-authproof-ip-allowlist'] = 'account'), /apiKeyAuth\.x-authproof-ip-allowlist: value must be equal to one of the allowed values/],
    ['an IP allowlist on a JWT', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-ip-allowlist'] = 'key'), /bearerAuth\.x-authproof-ip-allowlist: applies to API keys \(x-authproof-credential: merchant-key\) only/],
    ['account.me without the caller as tenant', (d: any) => (d.paths['/key/info/{merchantID}'].get['x-authproof-action'] = 'account.me'), /account\.me needs x-authproof-tenant: me/],
    ['a body of a media type the mock does not read', (d: any) => (d.paths['/auth/login'].post.requestBody = { content: { 'text/plain': { schema: { type: 'string' } } } }), /auth\/login\.post\.requestBody: the mock accepts application\/json or application\/x-www-form-urlencoded bodies/],
    ['JWT scopes in a registered claim', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-jwt'].scopes = { claim: 'sub', granted: [] }), /x-authproof-jwt: \/scopes\/claim must NOT be valid/],
    ['JWT scopes without a claim', (d: any) => (d.components.securitySchemes.bearerAuth['x-authproof-jwt'].scopes = { granted: ['profile'] }), /x-authproof-jwt: \/scopes must have required property 'claim'/],
  ])('explains a document with %s', async (_name, mutate, message) => {
    const document = await iterapayDocument();
    mutate(document);
    await expect(compileProfile(document, 'custom.yaml')).rejects.toThrow(message);
  });

  it('reads the earlier spelling of the merchant allowlist (x-authproof-ip-allowlist: true)', async () => {
    const document = await iterapayDocument();
    document.components.securitySchemes.apiKeyAuth['x-authproof-ip-allowlist'] = true;
    const profile = await compileProfile(document, 'custom.yaml');
    expect(profile.schemes.find((scheme) => scheme.name === 'apiKeyAuth')!.ipAllowlist).toBe('merchant');
  });

  it('compiles the error vocabulary: dialect, document and scheme codes, an operation dialect', async () => {
    const profile = await loadProfile(NEST_CODES_PROFILE);
    expect(profile.errors.dialect).toBe('nest');
    const byId = Object.fromEntries(profile.operations.map((operation) => [operation.operationId, operation]));
    expect(byId.login!.errorDialect).toBe('oauth2');
    expect(byId.listMerchants!.errorDialect).toBeNull();
    const resolve = (code: 'wrong_credential_kind' | 'credential_missing', scheme?: string) => profile.errors.catalogue.resolve(new AuthproofError(code, 'detail', scheme ? { scheme } : {}));
    expect(resolve('wrong_credential_kind', 'bearerAuth')).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(resolve('wrong_credential_kind', 'apiKeyAuth')).toMatchObject({ status: 403, code: 'insufficient_permissions' });
    expect(resolve('credential_missing')).toMatchObject({ status: 401, code: 'invalid_api_key', message: 'detail' });
    const iterapay = await loadProfile('iterapay');
    expect(iterapay.errors.catalogue.resolve(new AuthproofError('wrong_credential_kind', 'detail', { scheme: 'apiKeyAuth' }))).toEqual({ errorCode: 'wrong_credential_kind', status: 403, message: 'detail', field: 'message' });
  });

  it('names every failure code and every dialect in the extension schema, and no other', () => {
    const schema = JSON.parse(readFileSync(join(packageRoot, 'spec', 'extensions.schema.json'), 'utf8'));
    expect([...schema.$defs.errorCode.enum].sort()).toEqual(Object.keys(BUILTIN_ERRORS).sort());
    expect([...schema.$defs.dialect.enum].sort()).toEqual(Object.keys(dialectRenderers).sort());
  });

  it("serves a vendor's own annotated document with the same engine", async () => {
    const file = join(scratchFolder('authproof-vendor'), 'vendor.json');
    writeFileSync(file, JSON.stringify(vendorDocument()));
    const vendor = await startMockServer({
      profile: file,
      fixtures: { users: [{ id: 'v1', email: 'v@example.com', password: 'pw', merchants: [{ id: 'shop-1', name: 'Shop' }] }] },
      logLevel: 'silent',
    });
    try {
      const post = (path: string, init: RequestInit = {}) => fetch(`${vendor.url}${path}`, init);
      const { token } = await (await post('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"v@example.com","password":"pw"}' })).json();
      const rotated = await post('/shops/shop-1/key', { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
      expect(rotated.status).toBe(201);
      const { key } = await rotated.json();
      expect(key).toMatch(/^vk_[A-HJ-NP-Z2-9]{24}$/);
      expect((await post('/shops/shop-1/orders', { headers: { 'vendor-key': key } })).status).toBe(200);
      const missing = await post('/shops/shop-1/orders');
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ type: 'https://vendor.example/401', title: 'Nope' });
      expect(missing.headers.get('www-authenticate')).toBe('ApiKey realm="vendor", header="Vendor-Key"');
      expect((await post('/shops/shop-1/orders', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
      // Optional security: anonymous calls pass, a credential that is sent is still checked.
      expect((await post('/shops/shop-1/catalogue')).status).toBe(200);
      expect((await post('/shops/shop-1/catalogue', { headers: { 'vendor-key': 'vk_forged' } })).status).toBe(401);
      expect((await post('/shops/shop-1/catalogue', { headers: { 'vendor-key': key } })).status).toBe(200);
    } finally {
      await vendor.close();
    }
  });
});

describe('the parsed-spec cache', () => {
  it('is used only for the exact YAML text it was made from', async () => {
    const { cachedDocument, writeCachedDocument } = await import('./spec-cache.js');
    const text = 'openapi: 3.1.0\n';
    writeCachedDocument('cache-test', text, { openapi: '3.1.0', cached: true });
    try {
      expect(cachedDocument('cache-test', text)).toEqual({ openapi: '3.1.0', cached: true });
      expect(cachedDocument('cache-test', 'openapi: 3.1.1\n')).toBeUndefined();
      expect(cachedDocument('no-such-profile', text)).toBeUndefined();
    } finally {
      (await import('node:fs')).rmSync(join(packageRoot, 'dist', 'spec-cache', 'cache-test.json'));
    }
  });
});
