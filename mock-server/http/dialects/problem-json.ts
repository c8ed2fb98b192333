import { STATUS_CODES } from 'node:http';
import type { DialectRenderer } from './dialect-renderer.js';

/**
 * `problem-json`: `application/problem+json` with type, title, status, detail and instance; the type and
 * title per status come from the profile's `problems`, and a status it does not list gets `about:blank`
 * and the status phrase. A provider code from the catalogue goes in the extension member `code`.
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3.1
 */
export const renderProblemJson: DialectRenderer = (error, context, errors) => {
  const problem = errors.problems[String(error.status)];
  return {
    contentType: 'application/problem+json; charset=utf-8',
    body: {
      type: problem?.type ?? 'about:blank',
      title: problem?.title ?? STATUS_CODES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      instance: context.path,
      ...(error.code === undefined ? {} : { code: error.code }),
    },
  };
};
