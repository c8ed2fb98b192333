import type { HttpAnswer } from '../http-client.js';
import type { ErrorDialectSpec } from './surface.js';

/**
 * Why an error answer is not in the profile's dialect, or null when it is. `problem-json` (RFC 9457):
 * `application/problem+json` with `type`, `title`, `status` (the HTTP status), `detail` and `instance`, and
 * the `type` and `title` the profile lists for that status.
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3.1
 */
export function dialectMismatch(errors: ErrorDialectSpec, answer: HttpAnswer): string | null {
  const type = answer.headers.get('content-type')?.split(';')[0]?.trim();
  const body = answer.json as Record<string, unknown> | undefined;
  const shown = `${type ?? 'no content type'}${body && typeof body === 'object' ? ` with ${Object.keys(body).join(', ') || 'no members'}` : ''}`;
  if (type !== 'application/problem+json' || !body || typeof body !== 'object') return shown;
  const members = ['type', 'title', 'detail', 'instance'].filter((member) => typeof body[member] !== 'string');
  if (members.length > 0 || body.status !== answer.status) return `${shown}${body.status !== answer.status ? ` (status ${JSON.stringify(body.status)})` : ''}`;
  const listed = errors.problems[String(answer.status)];
  if (listed && (body.type !== listed.type || body.title !== listed.title)) return `type ${JSON.stringify(body.type)} and title ${JSON.stringify(body.title)}, not the profile's ${listed.type} / ${listed.title}`;
  return null;
}

/** The dialect as the expectation names it. */
export const describeDialect = (errors: ErrorDialectSpec): string => `${errors.dialect === 'problem-json' ? 'application/problem+json' : errors.dialect} with type, title, status, detail, instance as the profile lists them`;
