import { createHash } from 'node:crypto';
import { CORE_SCHEMA, load } from 'js-yaml';
import { sample } from 'openapi-sampler';
import { credentialRules } from './credential-rules.js';
import type { CodeMap, DialectName, SchemeLocation, Surface, SurfaceOperation, SurfaceScheme } from './surface.js';

type Obj = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const isObject = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

const DIALECTS: readonly DialectName[] = ['problem-json', 'nest', 'laravel', 'oauth2', 'envelope'];

/** An error dialect name, checked. */
function readDialect(value: unknown, where: string): DialectName {
  if (!DIALECTS.includes(value as DialectName)) throw new SurfaceError(`${where}: the suite reads the dialects ${DIALECTS.join(', ')}, not ${JSON.stringify(value)}`);
  return value as DialectName;
}

/** A code catalogue (`codes`, `x-authproof-codes`); absent is empty. */
function readCodes(value: unknown, where: string): CodeMap {
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every(isObject)) throw new SurfaceError(`${where}: must map failure codes to {status, message, code}`);
  return value as CodeMap;
}

/** A profile document the suite cannot read; the message names the file and the place. */
export class SurfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SurfaceError';
  }
}

/** Follows local `$ref`s. */
function deref(document: Obj, value: unknown, where: string): any {
  let node = value;
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops += 1) {
    const ref: string = node.$ref;
    if (!ref.startsWith('#/') || hops > 32) throw new SurfaceError(`${where}: cannot follow $ref ${ref}`);
    node = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, token) => (isObject(at) || Array.isArray(at) ? (at as Obj)[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), document);
  }
  return node;
}

function readScheme(name: string, raw: Obj, where: string): SurfaceScheme | undefined {
  const credential = raw['x-authproof-credential'];
  if (credential === undefined) return undefined;
  if (credential !== 'jwt' && credential !== 'merchant-key') throw new SurfaceError(`${where}.x-authproof-credential: unknown credential ${JSON.stringify(credential)}`);
  let location: SchemeLocation;
  if (raw.type === 'http' && String(raw.scheme).toLowerCase() === 'bearer') location = { kind: 'bearer' };
  else if (raw.type === 'apiKey' && raw.in === 'header' && typeof raw.name === 'string') location = { kind: 'header', header: raw.name };
  else throw new SurfaceError(`${where}: the suite reads http bearer schemes and apiKey schemes in a header`);
  const scheme: SurfaceScheme = { name, credential, location, ipAllowlist: raw['x-authproof-ip-allowlist'] === 'merchant' || raw['x-authproof-ip-allowlist'] === true,
    keyAddressLists: raw['x-authproof-ip-allowlist'] === 'key', codes: readCodes(raw['x-authproof-codes'], `${where}.x-authproof-codes`) };
  if (isObject(raw['x-authproof-key-format'])) scheme.keyFormat = raw['x-authproof-key-format'] as SurfaceScheme['keyFormat'];
  if (isObject(raw['x-authproof-jwt'])) scheme.jwt = raw['x-authproof-jwt'] as SurfaceScheme['jwt'];
  if (isObject(raw['x-authproof-rate-limit'])) scheme.rateLimit = raw['x-authproof-rate-limit'] as SurfaceScheme['rateLimit'];
  if (credential === 'merchant-key' && !scheme.keyFormat) throw new SurfaceError(`${where}: a merchant-key scheme needs x-authproof-key-format`);
  return scheme;
}

/** A value for a schema: its example or default, else one openapi-sampler builds from required properties. */
function sampleOf(document: Obj, schema: unknown): unknown {
  return sample(schema as never, { skipNonRequired: true, skipReadOnly: true, quiet: true }, document);
}

function readOperation(document: Obj, path: string, method: string, item: Obj, raw: Obj, schemes: SurfaceScheme[], where: string): SurfaceOperation {
  if (typeof raw.operationId !== 'string') throw new SurfaceError(`${where}: needs an operationId`);
  const rawAction = raw['x-authproof-action'];
  const { name: action, ...actionOptions } = typeof rawAction === 'string' ? { name: rawAction } : isObject(rawAction) ? rawAction : { name: undefined };
  if (typeof action !== 'string') throw new SurfaceError(`${where}.x-authproof-action: is required`);

  const rawSecurity = raw.security ?? document.security ?? [];
  if (!Array.isArray(rawSecurity)) throw new SurfaceError(`${where}.security: must be a list`);
  const security = rawSecurity.map((requirement) => Object.keys(isObject(requirement) ? requirement : {}));
  const byName = new Map(schemes.map((scheme) => [scheme.name, scheme]));
  for (const name of security.flat()) {
    if (!byName.has(name)) throw new SurfaceError(`${where}.security: ${name} is not a security scheme with x-authproof-credential`);
  }

  const merchantParam = typeof raw['x-authproof-merchant-param'] === 'string' ? raw['x-authproof-merchant-param'] : undefined;
  const otherPathParams: Record<string, string> = {};
  for (const parameter of [...(item.parameters ?? []), ...(raw.parameters ?? [])].map((value: unknown) => deref(document, value, where))) {
    if (!isObject(parameter) || parameter.in !== 'path' || parameter.name === merchantParam) continue;
    const value = parameter.example ?? sampleOf(document, parameter.schema ?? { type: 'string' });
    otherPathParams[String(parameter.name)] = String(value);
  }

  const successes = Object.keys(isObject(raw.responses) ? raw.responses : {}).filter((status) => /^2\d\d$/.test(status));
  if (successes.length !== 1) throw new SurfaceError(`${where}.responses: needs exactly one 2xx response, found ${successes.length}`);
  const success = deref(document, raw.responses[successes[0]!], where);
  const successSchema = deref(document, success?.content?.['application/json']?.schema, where);

  const operation: SurfaceOperation = {
    operationId: raw.operationId,
    method: method.toUpperCase(),
    path,
    security,
    accepts: [...new Set(security.flat())].map((name) => byName.get(name)!),
    scopes: [...new Set(rawSecurity.flatMap((requirement) => (isObject(requirement) ? Object.values(requirement).flat().map(String) : [])))],
    action,
    actionOptions,
    ...(merchantParam === undefined ? {} : { merchantParam }),
    otherPathParams,
    tenantIsCaller: raw['x-authproof-tenant'] === 'me',
    mockOnly: raw['x-authproof-mock-only'] === true,
    ...(raw['x-authproof-error-dialect'] === undefined ? {} : { errorDialect: readDialect(raw['x-authproof-error-dialect'], `${where}.x-authproof-error-dialect`) }),
    successStatus: Number(successes[0]),
    responseFields: isObject(successSchema?.properties) ? Object.keys(successSchema.properties) : [],
  };
  const requestBody = deref(document, raw.requestBody, where);
  const schema = requestBody?.content?.['application/json']?.schema;
  if (schema !== undefined) operation.body = sampleOf(document, schema);
  return operation;
}

/**
 * Reads the surface of an annotated OpenAPI 3.1 profile (the same document the mock serves): its
 * credential schemes, every operation with its security, action and merchant parameter, a valid sample
 * body per operation, the error dialect and the credential rules. The suite's own reader: it imports
 * nothing from the mock.
 * @throws {SurfaceError} naming the file and the place it cannot read.
 */
export function readSurface(text: string, source: string): Surface {
  let document: unknown;
  try {
    document = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    throw new SurfaceError(`${source}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    return readDocument(document, text, source);
  } catch (error) {
    if (error instanceof SurfaceError) throw new SurfaceError(`${source}: ${error.message}`);
    throw new SurfaceError(`${source}: ${(error as Error).message}`);
  }
}

function readDocument(document: unknown, text: string, source: string): Surface {
  if (!isObject(document)) throw new SurfaceError('document: is not an object');
  const profile = document['x-authproof-profile'];
  if (!isObject(profile) || typeof profile.id !== 'string') throw new SurfaceError('x-authproof-profile: needs an id');
  const rawErrors = document['x-authproof-errors'];
  if (!isObject(rawErrors)) throw new SurfaceError('x-authproof-errors: is required');
  const errors = {
    dialect: readDialect(rawErrors.dialect, 'x-authproof-errors.dialect'),
    problems: isObject(rawErrors.problems) ? rawErrors.problems : {},
    codes: readCodes(rawErrors.codes, 'x-authproof-errors.codes'),
  };

  const schemes: SurfaceScheme[] = [];
  for (const [name, raw] of Object.entries(document.components?.securitySchemes ?? {})) {
    const where = `components.securitySchemes.${name}`;
    const scheme = readScheme(name, deref(document, raw, where), where);
    if (scheme) schemes.push(scheme);
  }
  const operations: SurfaceOperation[] = [];
  for (const [path, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    const item = deref(document, rawItem, `paths.${path}`);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      if (isObject(item[method])) operations.push(readOperation(document, path, method, item, item[method], schemes, `paths.${path}.${method}`));
    }
  }
  if (operations.length === 0) throw new SurfaceError('paths: has no operations');
  return {
    profile: profile.id,
    title: typeof profile.title === 'string' ? profile.title : profile.id,
    source,
    sha256: createHash('sha256').update(text).digest('hex'),
    schemes,
    operations,
    errors,
    rules: credentialRules(errors),
    assumptions: Array.isArray(document['x-authproof-assumptions']) ? document['x-authproof-assumptions'] : [],
  };
}
