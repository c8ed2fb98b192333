import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actions, merchantScopedActions, tenantScopedActions, type ActionName, type ActionOptions } from '../core/actions/index.js';
import { ConfigError } from '../config-error.js';
import { packageRoot } from '../package-root.js';
import { compileErrors } from './compile-errors.js';
import { describeFirstError, lazyAjv } from './create-ajv.js';
import { deref, escapePointerToken } from './json-pointer.js';
import type { KeyFormat } from '../core/api-key.js';
import type {
  CredentialLocation,
  DialectName,
  OperationDefinition,
  ParameterDefinition,
  Profile,
  SchemeDefinition,
} from './profile.js';

/** A profile document that cannot be served; the message names the file and the place. */
export class ProfileError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const EXTENSIONS_ID = 'https://authproof.dev/schemas/extensions.json';

type Obj = Record<string, unknown>;

/** A validator holding spec/extensions.schema.json. */
const extensionsValidator = lazyAjv((ajv) => {
  ajv.addSchema(JSON.parse(readFileSync(join(packageRoot, 'spec', 'extensions.schema.json'), 'utf8')));
});

/** Options of {@link compileProfile}. */
export interface CompileOptions {
  /**
   * Skip checking the `x-authproof-*` values against spec/extensions.schema.json: for the profiles shipped
   * in spec/, which the test suite checks. Cross-references are checked either way.
   */
  trusted?: boolean;
}

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Compiles an annotated OpenAPI 3.1 document into a {@link Profile}: routes, the credential each
 * operation accepts, the action behind it and the profile's credential rules all come from the document.
 * @throws {ProfileError} naming the first thing in the document that the mock cannot serve.
 */
export async function compileProfile(document: unknown, source: string, options: CompileOptions = {}): Promise<Profile> {
  try {
    return await compileDocument(document, source, options);
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    throw new ProfileError(`${source}: ${(error as Error).message}`);
  }
}

async function compileDocument(document: unknown, source: string, options: CompileOptions): Promise<Profile> {
  const fail = (where: string, message: string): never => {
    throw new ProfileError(`${source}: ${where}: ${message}`);
  };
  if (!isObject(document)) return fail('document', 'is not a YAML/JSON object');
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    fail('openapi', `must be 3.1.x, got ${JSON.stringify(document.openapi)}`);
  }

  const ajv = options.trusted ? null : await extensionsValidator();
  const check = <T>(definition: string, value: unknown, where: string): T => {
    const validate = ajv?.getSchema(`${EXTENSIONS_ID}#/$defs/${definition}`);
    if (validate && !validate(value)) fail(where, describeFirstError(validate.errors, 'value'));
    if (value === undefined) fail(where, 'is required');
    return value as T;
  };

  const meta = check<{ id: string; title: string }>('profile', document['x-authproof-profile'], 'x-authproof-profile');
  if (document['x-authproof-assumptions'] !== undefined) {
    check('assumptions', document['x-authproof-assumptions'], 'x-authproof-assumptions');
  }

  const components = isObject(document.components) ? document.components : {};
  const rawSchemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const schemes: SchemeDefinition[] = [];
  for (const [name, raw] of Object.entries(rawSchemes)) {
    const where = `components.securitySchemes.${name}`;
    const scheme = deref<Obj>(document, raw);
    if (!isObject(scheme) || scheme['x-authproof-credential'] === undefined) continue;
    const credential = check<SchemeDefinition['credential']>('credential', scheme['x-authproof-credential'], `${where}.x-authproof-credential`);
    const readIpAllowlist = (value: unknown, kind: SchemeDefinition['credential'], at: string): SchemeDefinition['ipAllowlist'] => {
      if (value === undefined) return null;
      const source = check<'merchant' | 'key' | true>('ipAllowlist', value, at);
      if (kind !== 'merchant-key') fail(at, 'applies to API keys (x-authproof-credential: merchant-key) only');
      // `true` is the earlier spelling of `merchant`.
      return source === true ? 'merchant' : source;
    };
    let location: CredentialLocation;
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') location = { kind: 'bearer' };
    else if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
      location = { kind: 'header', header: scheme.name };
    } else {
      return fail(where, 'the mock serves http bearer schemes and apiKey schemes in a header');
    }
    const definition: SchemeDefinition = {
      name,
      credential,
      location,
      jwt: null,
      keyFormat: null,
      generate: 'replace',
      ipAllowlist: readIpAllowlist(scheme['x-authproof-ip-allowlist'], credential, `${where}.x-authproof-ip-allowlist`),
      rateLimit: scheme['x-authproof-rate-limit'] === undefined ? null : check('rateLimit', scheme['x-authproof-rate-limit'], `${where}.x-authproof-rate-limit`),
    };
    if (credential === 'jwt') {
      if (location.kind !== 'bearer') fail(where, 'a jwt credential must be an http bearer scheme');
      definition.jwt = check('jwt', scheme['x-authproof-jwt'], `${where}.x-authproof-jwt`);
    } else {
      const format = check<KeyFormat>('keyFormat', scheme['x-authproof-key-format'], `${where}.x-authproof-key-format`);
      for (const [environment, prefix] of Object.entries(format.environments ?? {})) {
        if (!prefix.startsWith(format.prefix)) fail(`${where}.x-authproof-key-format.environments.${environment}`, `must start with the prefix ${format.prefix}`);
      }
      definition.keyFormat = format;
      if (scheme['x-authproof-key-slot'] !== undefined) {
        definition.generate = check<{ generate: SchemeDefinition['generate'] }>('keySlot', scheme['x-authproof-key-slot'], `${where}.x-authproof-key-slot`).generate;
      }
    }
    schemes.push(definition);
  }
  if (schemes.filter((scheme) => scheme.credential === 'jwt').length > 1) {
    fail('components.securitySchemes', 'at most one scheme may carry x-authproof-credential: jwt');
  }

  const defaultSecurity = document.security;
  const operations: OperationDefinition[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref<Obj>(document, rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const where = `paths.${path}.${method}`;
      const pointer = `#/paths/${escapePointerToken(path)}/${method}`;
      operations.push(compileOperation({ document, path, method, operation, item, pointer, where, schemes, defaultSecurity, check, fail }));
    }
  }
  if (operations.length === 0) fail('paths', 'has no operations');
  return { id: meta.id, title: meta.title, source, document, schemes, operations, errors: compileErrors(document, schemes, check) };
}

interface OperationInput {
  document: Obj;
  path: string;
  method: string;
  operation: Obj;
  item: Obj;
  pointer: string;
  where: string;
  schemes: SchemeDefinition[];
  defaultSecurity: unknown;
  check: <T>(definition: string, value: unknown, where: string) => T;
  fail: (where: string, message: string) => never;
}

function compileOperation(input: OperationInput): OperationDefinition {
  const { document, path, method, operation, item, pointer, where, schemes, check, fail } = input;
  if (typeof operation.operationId !== 'string') fail(where, 'needs an operationId');

  const rawAction = check<string | ({ name: ActionName } & ActionOptions)>('action', operation['x-authproof-action'], `${where}.x-authproof-action`);
  const { name, ...options } = typeof rawAction === 'string' ? { name: rawAction as ActionName } : rawAction;
  for (const option of actions[name].requires) {
    if ((options as Obj)[option] === undefined) fail(`${where}.x-authproof-action`, `${name} needs the option ${option}`);
  }

  const parameters: ParameterDefinition[] = [];
  for (const raw of [...asArray(item.parameters), ...asArray(operation.parameters)]) {
    const parameter = deref<Obj>(document, raw);
    if (!isObject(parameter) || (parameter.in !== 'path' && parameter.in !== 'query')) continue;
    const existing = parameters.findIndex((p) => p.name === parameter.name && p.in === parameter.in);
    const definition: ParameterDefinition = {
      name: String(parameter.name),
      in: parameter.in,
      required: parameter.in === 'path' || parameter.required === true,
      schema: parameter.schema ?? {},
    };
    if (existing >= 0) parameters[existing] = definition;
    else parameters.push(definition);
  }
  const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  for (const templateName of templateNames) {
    if (!parameters.some((p) => p.in === 'path' && p.name === templateName)) fail(where, `path parameter {${templateName}} is not declared`);
  }

  let merchantParam: string | null = null;
  if (operation['x-authproof-merchant-param'] !== undefined) {
    merchantParam = check<string>('merchantParam', operation['x-authproof-merchant-param'], `${where}.x-authproof-merchant-param`);
    if (!templateNames.includes(merchantParam)) fail(`${where}.x-authproof-merchant-param`, `{${merchantParam}} is not in the path`);
  }
  let environmentParam: string | null = null;
  if (operation['x-authproof-environment-param'] !== undefined) {
    environmentParam = check<string>('environmentParam', operation['x-authproof-environment-param'], `${where}.x-authproof-environment-param`);
    if (!templateNames.includes(environmentParam)) fail(`${where}.x-authproof-environment-param`, `{${environmentParam}} is not in the path`);
  }
  const tenantIsCaller = operation['x-authproof-tenant'] === undefined ? false : check<string>('tenant', operation['x-authproof-tenant'], `${where}.x-authproof-tenant`) === 'me';
  if (tenantIsCaller && merchantParam !== null) fail(where, 'x-authproof-tenant: me and x-authproof-merchant-param exclude each other');
  if (merchantScopedActions.has(name) && merchantParam === null && !(tenantScopedActions.has(name) && tenantIsCaller)) {
    fail(where, `${name} needs x-authproof-merchant-param${tenantScopedActions.has(name) ? ' or x-authproof-tenant: me' : ''}`);
  }
  if (name === 'account.me' && !tenantIsCaller) fail(where, 'account.me needs x-authproof-tenant: me');
  if (options.idParam !== undefined && !templateNames.includes(options.idParam)) {
    fail(`${where}.x-authproof-action`, `idParam {${options.idParam}} is not in the path`);
  }

  const rawSecurity = operation.security ?? input.defaultSecurity ?? [];
  if (!Array.isArray(rawSecurity)) fail(`${where}.security`, 'must be a list');
  const security = (rawSecurity as unknown[]).map((requirement) => Object.keys(isObject(requirement) ? requirement : {}));
  // OpenAPI scopes of a requirement (`{adminKey: [users.view]}`) are permissions the credential must hold.
  const scopes = (rawSecurity as unknown[]).map((requirement) =>
    Object.fromEntries(Object.entries(isObject(requirement) ? requirement : {}).map(([name, list]) => [name, Array.isArray(list) ? list.map(String) : []])),
  );
  for (const schemeName of security.flat()) {
    if (!schemes.some((scheme) => scheme.name === schemeName)) {
      fail(`${where}.security`, `scheme ${schemeName} is not a securitySchemes entry with x-authproof-credential`);
    }
  }
  if (name.startsWith('key.')) checkKeyAction({ name, options, where, schemes, security, environmentParam, fail });
  if (name.startsWith('auth.') && !schemes.some((scheme) => scheme.credential === 'jwt')) {
    fail(where, `${name} needs a securitySchemes entry with x-authproof-credential: jwt`);
  }

  const responses = isObject(operation.responses) ? operation.responses : {};
  const successes = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
  if (successes.length !== 1) fail(`${where}.responses`, `needs exactly one 2xx response, found ${successes.length}`);
  const successStatus = successes[0]!;
  const success = deref<Obj>(document, responses[successStatus]);
  const successContent = isObject(success?.content) ? success.content : {};
  const successBase = refOr(responses[successStatus], `${pointer}/responses/${successStatus}`);
  const successSchema = isObject(successContent['application/json']) ? `${successBase}/content/application~1json/schema` : null;

  let requestBody: OperationDefinition['requestBody'] = null;
  if (operation.requestBody !== undefined) {
    const body = deref<Obj>(document, operation.requestBody);
    const content = isObject(body?.content) ? body.content : {};
    const media = isObject(content['application/json']) ? 'json' : isObject(content['application/x-www-form-urlencoded']) ? 'form' : null;
    if (media === null) fail(`${where}.requestBody`, 'the mock accepts application/json or application/x-www-form-urlencoded bodies');
    const base = refOr(operation.requestBody, `${pointer}/requestBody`);
    const type = media === 'json' ? 'application~1json' : 'application~1x-www-form-urlencoded';
    requestBody = { required: body?.required === true, media: media!, schema: `${base}/content/${type}/schema` };
  }

  return {
    operationId: operation.operationId as string,
    method,
    path,
    security,
    scopes,
    merchantParam,
    tenantIsCaller,
    environmentParam,
    action: { name, options },
    mockOnly: operation['x-authproof-mock-only'] === undefined ? false : check<boolean>('mockOnly', operation['x-authproof-mock-only'], `${where}.x-authproof-mock-only`),
    errorDialect: operation['x-authproof-error-dialect'] === undefined ? null : check<DialectName>('dialect', operation['x-authproof-error-dialect'], `${where}.x-authproof-error-dialect`),
    successStatus: Number(successStatus),
    successSchema,
    requestBody,
    parameters,
  };
}

/**
 * A `key.*` action needs a key scheme to act on (its `schemes` option names only those); where their keys
 * belong to environments, the environment must come from the path unless every caller holds a key (whose
 * environment it then is).
 */
function checkKeyAction(input: {
  name: ActionName;
  options: ActionOptions;
  where: string;
  schemes: readonly SchemeDefinition[];
  security: readonly string[][];
  environmentParam: string | null;
  fail: (where: string, message: string) => never;
}): void {
  const { name, options, where, schemes, fail } = input;
  const keySchemes = schemes.filter((scheme) => scheme.credential === 'merchant-key');
  if (keySchemes.length === 0) fail(where, `${name} needs a securitySchemes entry with x-authproof-credential: merchant-key`);
  for (const schemeName of options.schemes ?? []) {
    if (!keySchemes.some((scheme) => scheme.name === schemeName)) fail(`${where}.x-authproof-action.schemes`, `${schemeName} is not a scheme with x-authproof-credential: merchant-key`);
  }
  const targeted = keySchemes.filter((scheme) => options.schemes === undefined || options.schemes.includes(scheme.name));
  const callers = input.security.flat().map((schemeName) => schemes.find((scheme) => scheme.name === schemeName)!);
  const environmentFromKey = callers.length > 0 && callers.every((scheme) => scheme.credential === 'merchant-key' && scheme.keyFormat?.environments !== undefined);
  if (targeted.some((scheme) => scheme.keyFormat!.environments !== undefined) && input.environmentParam === null && !environmentFromKey) {
    fail(where, `${name} acts on keys that belong to an environment: name it with x-authproof-environment-param`);
  }
}

/** The `$ref` of a referenced object, or the pointer where it stands inline. */
function refOr(value: unknown, inlinePointer: string): string {
  return isObject(value) && typeof value.$ref === 'string' ? value.$ref : inlinePointer;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
