/**
 * Child process that runs Pact's own `Verifier` (its Rust core prints to stdout, which the parent discards)
 * and reports back over IPC: the verifier's JSON result plus, in order, every provider-state call and
 * every request it sent, so that the parent can tell each interaction's story in plain words.
 * Started by {@link ./verify-pacts.ts}; not meant to be run by hand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the parent asks for. */
export interface VerifierJob {
  pactFiles: string[];
  providerBaseUrl: string;
  /** Where state changes go (Pact's provider-state protocol), or null when none was given. */
  providerStatesUrl: string | null;
}

/** One provider-state call as the worker forwarded it. */
export interface StateEvent {
  kind: 'state';
  action: 'setup' | 'teardown';
  state: string;
  /** Why the call failed, or null. */
  failure: string | null;
}

/** One request the verifier sent to the provider, and the answer (no header values, so no credential). */
export interface ExchangeEvent {
  kind: 'exchange';
  method: string;
  path: string;
  /** Lower-case names of the request headers. */
  headerNames: string[];
  /** The scheme word of `Authorization` (`Bearer`, `Basic`, …), if sent. */
  authorizationScheme: string | null;
  status: number;
  contentType: string | null;
  /** The response body, cut at 8 KB. */
  body: string;
}

/** The verifier's own JSON result (pact_ffi `pactffi_verifier_json`). */
export interface VerifierJson {
  result: boolean;
  interactionResults?: Array<{ description: string; result: string; duration?: string }>;
  errors?: Array<{ interaction: string; mismatch: { type: string; message?: string; mismatches?: PactMismatch[] } }>;
}

/** One mismatch as Pact reports it. */
export interface PactMismatch {
  type: string;
  mismatch?: string;
  expected?: unknown;
  actual?: unknown;
  path?: string;
  key?: string;
}

/** What the worker sends back. */
export type VerifierReply = { json: VerifierJson; events: Array<StateEvent | ExchangeEvent> } | { crash: string };

const BODY_LIMIT = 8192;

async function run(job: VerifierJob): Promise<VerifierReply> {
  const { Verifier } = await import('@pact-foundation/pact');
  const events: Array<StateEvent | ExchangeEvent> = [];

  async function changeState(state: string, action: 'setup' | 'teardown', params: unknown): Promise<Record<string, unknown> | undefined> {
    const event: StateEvent = { kind: 'state', action, state, failure: null };
    events.push(event);
    if (job.providerStatesUrl === null) {
      if (state !== '' && action === 'setup') event.failure = 'no provider-states URL was given (--provider-states-url)';
    } else {
      try {
        const response = await fetch(job.providerStatesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ state, params: params ?? {}, action }),
        });
        const text = await response.text();
        if (response.ok) return text.trim() === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
        let detail = text.slice(0, 300);
        try {
          const problem = JSON.parse(text) as Record<string, unknown>;
          detail = String(problem.detail ?? problem.message ?? problem.error ?? detail);
        } catch {
          // not JSON: the text itself says it
        }
        event.failure = `the provider-states URL answered ${response.status}: ${detail}`;
      } catch (error) {
        event.failure = `the provider-states URL cannot be reached: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`;
      }
    }
    // Pact asks for the empty state before an interaction without states: nothing depends on its answer.
    if (state === '') event.failure = null;
    // Pact's proxy answers the verifier 200 whatever happens here; the parent reads the failure from the event.
    if (event.failure) throw new Error(event.failure);
    return undefined;
  }

  const stateHandlers = new Proxy(
    {},
    {
      get: (_target, state) =>
        typeof state === 'string'
          ? { setup: (params: unknown) => changeState(state, 'setup', params), teardown: (params: unknown) => changeState(state, 'teardown', params) }
          : undefined,
    },
  );

  const recordExchange = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (request.url?.startsWith('/_pactSetup') || request.url?.startsWith('/_messages')) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size >= BODY_LIMIT) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      size += buffer.length;
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return end(chunk, ...rest);
    }) as typeof response.end;
    const authorization = request.headers.authorization;
    const event: ExchangeEvent = {
      kind: 'exchange',
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headerNames: Object.keys(request.headers),
      authorizationScheme: authorization === undefined ? null : (authorization.split(' ')[0] ?? null),
      status: 0,
      contentType: null,
      body: '',
    };
    events.push(event);
    response.once('finish', () => {
      event.status = response.statusCode;
      event.contentType = (response.getHeader('content-type') as string | undefined) ?? null;
      event.body = Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8');
    });
    next();
  };

  const verifier = new Verifier({
    providerBaseUrl: job.providerBaseUrl,
    pactUrls: job.pactFiles,
    stateHandlers,
    requestFilter: recordExchange as never,
    logLevel: 'error',
  });
  let text: string;
  try {
    text = await verifier.verifyProvider();
  } catch (error) {
    text = (error as Error).message;
  }
  try {
    const json = JSON.parse(text) as VerifierJson;
    if (typeof json === 'object' && json !== null && 'result' in json) return { json, events };
  } catch {
    // not the verifier's JSON: the verifier could not run
  }
  return { crash: `Pact's verifier could not run: ${text.split('\n')[0]}` };
}

const reply = (message: VerifierReply): void => {
  process.send!(message, () => process.exit(0));
};
// Pact's proxy throws out of an event handler when the provider stops answering mid-run.
process.once('uncaughtException', (error) => reply({ crash: `Pact's verifier failed: ${error.message}` }));
process.once('message', (job: VerifierJob) => {
  run(job).then(reply, (error: unknown) => reply({ crash: `Pact's verifier failed: ${(error as Error).message}` }));
});
