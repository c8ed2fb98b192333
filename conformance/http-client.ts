import type { Step } from './step.js';

/** An answer, read whole. `status` 0 means no answer (see `step.status`). */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: any;
  step: Step;
}

/** One request; `path` is relative to the target's base URL. */
export interface HttpRequest {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A JSON body (sent with Content-Type: application/json). */
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  /** The operationId of the profile operation this request calls. */
  operation?: string;
}

/** Sends requests to a target and records each exchange as a {@link Step}. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpAnswer>;
  /** The steps since the last `takeSteps()`, and forgets them. */
  takeSteps(): Step[];
  /** The steps since the last `takeSteps()`. */
  steps(): Step[];
}

/**
 * Creates an {@link HttpClient}; every request gives up after `timeoutMs` (recorded as `timeout`), and
 * every answer is shown to `observe` before it is returned.
 */
export function createHttpClient(baseUrl: string, timeoutMs = 10_000, observe?: (answer: HttpAnswer) => void): HttpClient {
  let steps: Step[] = [];
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async send(request) {
      const headers: Record<string, string> = { ...request.headers };
      let body = request.raw;
      if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] ??= 'application/json';
      }
      const step: Step = { label: request.label, method: request.method, path: request.path, ...(request.operation ? { operation: request.operation } : {}), status: 'no answer' };
      steps.push(step);
      let answer: HttpAnswer;
      try {
        const response = await fetch(`${base}${request.path}`, { method: request.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.text();
        step.status = response.status;
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        answer = { status: response.status, headers: response.headers, text, json, step };
      } catch (error) {
        step.status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'no answer';
        return { status: 0, headers: new Headers(), text: '', json: undefined, step };
      }
      // Outside the try: a violation the observer throws is the caller's to see.
      observe?.(answer);
      return answer;
    },
    steps: () => steps,
    takeSteps() {
      const taken = steps;
      steps = [];
      return taken;
    },
  };
}
