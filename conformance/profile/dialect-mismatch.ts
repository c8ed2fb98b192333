import { STATUS_CODES } from 'node:http';
import type { HttpAnswer } from '../http-client.js';
import type { Step } from '../step.js';
import { BUILTIN_STATUSES, resolveCode } from './resolve-code.js';
import type { DialectName, Surface } from './surface.js';

type Body = Record<string, unknown>;

/** What the profile's catalogue lets an answer of one status carry as the provider's code. */
interface CodesAt {
  /** The codes the catalogue gives failures of this status. */
  given: Set<string>;
  /** True when some failure of this status has no code. */
  noneAllowed: boolean;
}

/** Judges a parsed error body; the reason it is not in the dialect, or null. */
type BodyCheck = (body: Body, answer: HttpAnswer, codes: CodesAt) => string | null;

/** RFC 6749 §4.1.2.1 and §5.2 and RFC 6750 §3.1 error codes. */
const OAUTH_CODES = new Set([
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
  'access_denied', 'unsupported_response_type', 'server_error', 'temporarily_unavailable', 'invalid_token', 'insufficient_scope',
]);

/** Every code the catalogue gives a failure answered with `status`, on the document or any scheme. */
function codesAt(surface: Surface, status: number): CodesAt {
  const given = new Set<string>();
  let noneAllowed = false;
  for (const failure of Object.keys(BUILTIN_STATUSES)) {
    for (const scheme of [undefined, ...surface.schemes]) {
      const entry = resolveCode(surface.errors, failure, scheme);
      if (entry.status !== status) continue;
      if (entry.code === undefined) noneAllowed = true;
      else given.add(entry.code);
    }
  }
  return { given, noneAllowed };
}

/** Why `code` is not one the catalogue allows for the answer's status, or null; not judged where it gives none. */
function codeMismatch(code: unknown, codes: CodesAt, member: string): string | null {
  if (codes.given.size === 0 || codes.given.has(code as string) || (code === undefined && codes.noneAllowed)) return null;
  return `${member} ${JSON.stringify(code)}, not one of the profile's codes for this status (${[...codes.given].join(', ')}${codes.noneAllowed ? ', or none' : ''})`;
}

/** The member a dialect writes the provider's code in (none for the dialects without one). */
const CODE_MEMBER: Readonly<Partial<Record<DialectName, string>>> = { 'problem-json': 'code', nest: 'code', oauth2: 'error' };

/**
 * Why an answer to a known failure does not carry the code the profile's catalogue gives that failure (one
 * of `codes`; `undefined` among them allows none), or null. Not judged in a dialect without a code member,
 * nor where the catalogue gives none of the failures a code.
 */
export function failureCodeMismatch(surface: Surface, answer: HttpAnswer, codes: ReadonlySet<string | undefined>): string | null {
  const member = CODE_MEMBER[dialectOf(surface, answer.step)];
  const body = answer.json as Body | undefined;
  if (member === undefined || ![...codes].some((code) => code !== undefined) || body === null || typeof body !== 'object') return null;
  const code = body[member] as string | undefined;
  // oauth2 writes an RFC 6749 code where the catalogue gives none.
  if (codes.has(code) || (member === 'error' && codes.has(undefined))) return null;
  return `${member} ${JSON.stringify(code)}, not ${[...codes].map((each) => (each === undefined ? 'none' : each)).join(' or ')}`;
}

/** The first member of `members` that is not a string. */
const notString = (body: Body, members: string[]): string | undefined => members.find((member) => typeof body[member] !== 'string');

const bodyChecks: Readonly<Record<DialectName, { contentType: string; check: BodyCheck }>> = {
  'problem-json': {
    contentType: 'application/problem+json',
    check: (body, answer, codes) => {
      const member = notString(body, ['type', 'title', 'detail', 'instance']);
      if (member !== undefined || body.status !== answer.status) return body.status !== answer.status ? `status ${JSON.stringify(body.status)}` : `no string ${member}`;
      return codeMismatch(body.code, codes, 'code');
    },
  },
  nest: {
    contentType: 'application/json',
    check: (body, answer, codes) => {
      if (body.statusCode !== answer.status) return `statusCode ${JSON.stringify(body.statusCode)}`;
      const message = body.message;
      if (typeof message !== 'string' && !(Array.isArray(message) && message.every((item) => typeof item === 'string'))) return 'no message';
      if (body.error !== STATUS_CODES[answer.status]) return `error ${JSON.stringify(body.error)}, not the reason phrase ${JSON.stringify(STATUS_CODES[answer.status])}`;
      return codeMismatch(body.code, codes, 'code');
    },
  },
  laravel: {
    contentType: 'application/json',
    check: (body) => (typeof body.message === 'string' || typeof body.error === 'string' ? null : 'neither a string message nor a string error'),
  },
  oauth2: {
    contentType: 'application/json',
    check: (body, _answer, codes) => {
      const member = notString(body, ['error', 'error_description']);
      if (member !== undefined) return `no string ${member}`;
      if (body.hint !== undefined && typeof body.hint !== 'string') return 'a hint that is not a string';
      const error = body.error as string;
      return codes.given.has(error) || (OAUTH_CODES.has(error) && (codes.noneAllowed || codes.given.size === 0)) ? null : `error ${JSON.stringify(error)}, neither an RFC 6749 code nor the profile's`;
    },
  },
  envelope: {
    contentType: 'application/json',
    check: (body, answer) => {
      if (body.success !== false) return `success ${JSON.stringify(body.success)}`;
      if (body.statusCode !== answer.status) return `statusCode ${JSON.stringify(body.statusCode)}`;
      const member = notString(body, ['message', 'timestamp', 'path', 'method']);
      if (member !== undefined) return `no string ${member}`;
      if (!Array.isArray(body.errors)) return 'no errors list';
      if (Number.isNaN(Date.parse(body.timestamp as string))) return `timestamp ${JSON.stringify(body.timestamp)}`;
      return body.method === answer.step.method ? null : `method ${JSON.stringify(body.method)}`;
    },
  },
};

/** Whether a request path (query aside) matches an OpenAPI path template. */
function matchesTemplate(template: string, path: string): boolean {
  const pattern = template.split(/\{[^}]+\}/).map((part) => part.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0]!);
}

/**
 * The dialect of an answer: the `x-authproof-error-dialect` of the operation whose method and path template
 * the request matches, else the profile's (an undocumented path or method, as the mock routes them).
 */
export function dialectOf(surface: Surface, step: Step): DialectName {
  const operation = surface.operations.find((candidate) => candidate.errorDialect !== undefined && candidate.method === step.method && matchesTemplate(candidate.path, step.path));
  return operation?.errorDialect ?? surface.errors.dialect;
}

/**
 * Why an error answer is not in its dialect (see {@link dialectOf}), or null when it is. The media type
 * and the members each dialect requires, and the provider's code where the catalogue gives codes for the
 * answer's status:
 * - `problem-json` (RFC 9457): `application/problem+json` with `type`, `title`, `status` (the HTTP status),
 *   `detail` and `instance`, and the `type` and `title` the profile lists for that status;
 * - `nest`: `{statusCode, message, error: <reason phrase>, code?}`;
 * - `laravel`: `{message}` or `{error}`;
 * - `oauth2`: `{error, error_description, hint?}`, `error` an RFC 6749 code or the profile's;
 * - `envelope`: `{success: false, statusCode, message, errors: [], timestamp, path, method}`.
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see shared/providers.md §2.4, §3.3–3.5, §4.2
 */
export function dialectMismatch(surface: Surface, answer: HttpAnswer): string | null {
  const dialect = dialectOf(surface, answer.step);
  const { contentType, check } = bodyChecks[dialect];
  const type = answer.headers.get('content-type')?.split(';')[0]?.trim();
  const body = answer.json as Body | undefined;
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const shown = `${type ?? 'no content type'}${isObject ? ` with ${Object.keys(body).join(', ') || 'no members'}` : ''}`;
  if (type !== contentType || !isObject) return shown;
  const reason = check(body, answer, codesAt(surface, answer.status));
  if (reason !== null) return `${shown} (${reason})`;
  const listed = dialect === 'problem-json' ? surface.errors.problems[String(answer.status)] : undefined;
  if (listed && (body.type !== listed.type || body.title !== listed.title)) return `type ${JSON.stringify(body.type)} and title ${JSON.stringify(body.title)}, not the profile's ${listed.type} / ${listed.title}`;
  return null;
}

const SHAPES: Readonly<Record<DialectName, string>> = {
  'problem-json': 'application/problem+json with type, title, status, detail, instance as the profile lists them',
  nest: 'application/json with statusCode, message, error (the reason phrase) and the profile\'s code where it gives one',
  laravel: 'application/json with message (or error)',
  oauth2: 'application/json with error (an RFC 6749 code or the profile\'s), error_description and an optional hint',
  envelope: 'application/json with success: false, statusCode, message, errors, timestamp, path and method',
};

/** The dialect of an answer as an expectation names it. */
export const describeDialect = (surface: Surface, step: Step): string => SHAPES[dialectOf(surface, step)];

/** The dialects of the profile as the ERROR-DIALECT requirement states them: the profile's, then each operation's own. */
export function dialectStatement(surface: Surface): string {
  const main = surface.errors.dialect === 'problem-json'
    ? 'application/problem+json with type, title, status (the HTTP status), detail and instance, type and title as the profile lists them'
    : SHAPES[surface.errors.dialect];
  const overrides = surface.operations.filter((operation) => operation.errorDialect !== undefined && operation.errorDialect !== surface.errors.dialect);
  return [main, ...overrides.map((operation) => `on ${operation.operationId}, ${SHAPES[operation.errorDialect!]}`)].join('; ');
}
