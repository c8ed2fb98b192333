/**
 * What the reference consumers (contracts/consumers/<profile>-consumer.test.ts) share: the PactV4 set-up,
 * the consumer's one HTTP call, credentials from provider states, the table of documented rejections, and
 * the two checks on the pact each one writes — it is the shipped one, and Pact's Verifier passes it against
 * the mock through Prism.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import type { V4ResponseBuilder } from '@pact-foundation/pact/src/v4/http/types.js';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../mock-server/index.js';
import { packageRoot } from '../../mock-server/package-root.js';
import { describeExchange } from '../describe-exchange.js';
import { readPacts } from '../read-pacts.js';
import { verifyPacts } from '../verify-pacts.js';
import { startPrismProxy } from './start-prism-proxy.js';
import { scratchFolder } from '../../mock-server/test/scratch-folder.js';

const { fromProviderState, regex } = MatchersV3;

export const CONSUMER = 'authproof-reference-consumer';
/** An ISO 8601 instant in UTC, as the mock writes timestamps. */
export const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
/** A compact JWS: three base64url parts. */
export const JWT = '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$';
/** The `Retry-After` of a 429: whole seconds, at least one. */
export const RETRY_AFTER = { 'Retry-After': regex('^[1-9][0-9]*$', '42') };
/** The Bearer token the consumer-side mock server answers with; the provider's comes from the provider states. */
export const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

/** The interactions of a reference consumer's pact. */
export type ReferencePact = Pick<PactV4, 'addInteraction'>;

/**
 * Pact's mock server records that a request matched asynchronously, after it has answered: under CPU load
 * the test can end before the record is made, and Pact then reports the request "expected but not received"
 * although the consumer got its answer (pact-foundation/pact-reference#535, pact-core-mock-server#13). Such
 * an interaction is built and run again, twice at most; a failed run writes nothing into the pact, and a
 * consumer that really sends no such request fails every run.
 */
const MOCK_SERVER_RACE = /^Test failed for the following reasons:[\s\S]*expected but not received/;

/**
 * An interaction builder that records each step (`given`, `uponReceiving`, `withRequest`, …) so that
 * `executeTest` can build the interaction again on a new mock server when the race above struck.
 */
function replayable(pact: PactV4, steps: ReadonlyArray<[string, unknown[]]>): unknown {
  async function executeTest(test: unknown): Promise<unknown> {
    for (let run = 1; ; run += 1) {
      const builder = steps.reduce<any>((built, [step, args]) => built[step](...args), pact.addInteraction());
      try {
        return await builder.executeTest(test);
      } catch (error) {
        if (run === 3 || !MOCK_SERVER_RACE.test((error as Error).message)) throw error;
      }
    }
  }
  return new Proxy(
    {},
    {
      get: (_target, name) =>
        typeof name !== 'string' || name === 'then' ? undefined : name === 'executeTest' ? executeTest : (...args: unknown[]) => replayable(pact, [...steps, [name, args]]),
    },
  );
}

/** The reference consumer's pact with `provider`, written into a new temporary folder. */
export function referencePact(provider: string): { pact: ReferencePact; dir: string } {
  const dir = scratchFolder('authproof-consumer');
  const pact = new PactV4({ consumer: CONSUMER, provider, dir, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: 'error' });
  return { pact: { addInteraction: () => replayable(pact, []) as ReturnType<PactV4['addInteraction']> }, dir };
}

/** What the consumer sends where a pact holds `value`: a provider-state expression's example, or the literal. */
export function exampleOf(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { value: unknown }).value);
}

/**
 * The credentials an interaction sends, from the values provider states return (`token`, `apiKey`,
 * `expiredToken`, …); {@link TOKEN} and `exampleKey` are what the consumer-side mock server sees.
 */
export function credentials(exampleKey: string) {
  return {
    bearer: (value = 'token') => ({ Authorization: fromProviderState(`Bearer \${${value}}`, `Bearer ${TOKEN}`) }),
    apiKey: (value = 'apiKey') => ({ 'X-Api-Key': fromProviderState(`\${${value}}`, exampleKey) }),
  };
}

/**
 * The reference consumer's one HTTP call. Each interaction has a mock server of its own, and a port can
 * come back for the next one: a kept-alive connection would then reach the old server, so none is kept.
 */
export async function call(baseUrl: string, method: string, target: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${baseUrl}${target}`, {
    method,
    headers: { ...headers, connection: 'close', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** The headers the consumer sends where a pact holds `headers`. */
function examplesOf(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, exampleOf(value)]));
}

/** Logging in with the email and password of the state's account: a JWT and when it expires. */
export function itLogsIn(pact: ReferencePact, options: { path: string; example: { email: string; password: string }; expiresAt: string }): void {
  const { path, example, expiresAt } = options;
  it('logs in', () =>
    pact
      .addInteraction()
      .given('an account with a merchant')
      .uponReceiving('log in with email and password')
      .withRequest('POST', path, (builder) => builder.jsonBody({ email: fromProviderState('${email}', example.email), password: fromProviderState('${password}', example.password) }))
      .willRespondWith(200, (builder) => builder.jsonBody({ token: regex(JWT, TOKEN), expiresAt: regex(ISO_INSTANT, expiresAt) }))
      .executeTest(async (server) => {
        const answer = await call(server.url, 'POST', path, {}, example);
        expect(answer.status).toBe(200);
        expect(answer.body?.token).toBe(TOKEN);
      }));
}

/**
 * Generating the key with the Bearer token, for an account without one and again for one that has a key
 * (the new key replaces it): the full key, `key` in `body`, is shown in that answer.
 */
export function itGeneratesAndRotates(
  pact: ReferencePact,
  options: { descriptions: readonly [first: string, again: string]; path: unknown; headers: Record<string, unknown>; body: Record<string, unknown>; key: string },
): void {
  const { descriptions, path, headers, body, key } = options;
  it('generates a key with the Bearer token, and rotates it', async () => {
    for (const [state, description] of [
      ['an account with a merchant', descriptions[0]],
      ['the merchant has an active API key', descriptions[1]],
    ] as const) {
      await pact
        .addInteraction()
        .given(state)
        .uponReceiving(description)
        .withRequest('POST', path as never, (builder) => builder.headers(headers as never))
        .willRespondWith(200, (builder) => builder.jsonBody(body))
        .executeTest(async (server) => {
          expect((await call(server.url, 'POST', exampleOf(path), examplesOf(headers))).body?.key).toBe(key);
        });
    }
  });
}

/** One documented rejection: state(s), what is sent, and the status the consumer must handle. */
export interface Rejection<Status extends number = number> {
  description: string;
  states: Array<[string, Record<string, string>?]>;
  /** Default GET. */
  method?: string;
  /** The path, with `${…}` provider-state placeholders. */
  target: string;
  /** Headers as the pact holds them (provider-state expressions or literals). */
  headers: Record<string, unknown>;
  /** A JSON request body, if the request has one. */
  body?: unknown;
  status: Status;
  responseHeaders?: Record<string, unknown>;
}

/**
 * One interaction and one test per rejection. The consumer reads the status from the error body (`statusField`)
 * and, on a 429, waits as `Retry-After` says.
 */
export function itHandlesRejections<Status extends number>(
  pact: ReferencePact,
  rejections: ReadonlyArray<Rejection<Status>>,
  options: {
    /** The path as the pact holds it (a provider-state expression for a templated one). */
    path: (template: string) => unknown;
    /** The profile's error body (and headers) for the status. */
    errorBody: (rejection: Rejection<Status>) => (builder: V4ResponseBuilder) => V4ResponseBuilder;
    statusField: string;
  },
): void {
  it.each(rejections.map((rejection) => [rejection.description, rejection] as const))('handles: %s', async (_description, rejection) => {
    let interaction = pact.addInteraction();
    for (const [state, params] of rejection.states) interaction = interaction.given(state, params);
    const method = rejection.method ?? 'GET';
    const path = options.path(rejection.target);
    await interaction
      .uponReceiving(rejection.description)
      .withRequest(method, path as never, (builder) => {
        builder.headers(rejection.headers as never);
        if (rejection.body !== undefined) builder.jsonBody(rejection.body);
      })
      .willRespondWith(rejection.status, options.errorBody(rejection))
      .executeTest(async (server) => {
        const answer = await call(server.url, method, exampleOf(path), examplesOf(rejection.headers), rejection.body);
        expect(answer.status).toBe(rejection.status);
        expect(answer.body?.[options.statusField]).toBe(rejection.status);
        if (rejection.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      });
  });
}

/**
 * The checks on the pact the consumer wrote into `dir`: it is the shipped one (contracts/pacts/; a
 * difference fails, `--update` accepts it), and Pact's Verifier passes every one of its `interactions`
 * against the mock of `provider`, through Prism, which flags no response.
 */
export function describeThePactItWrote(provider: string, dir: string, interactions: number): void {
  describe('the pact it wrote', () => {
    const name = `${CONSUMER}-${provider}.json`;
    const written = (): string => readFileSync(join(dir, name), 'utf8');

    it('is the shipped one (contracts/pacts/)', async () => {
      await expect(`${JSON.stringify(JSON.parse(written()), null, 2)}\n`).toMatchFileSnapshot(join(packageRoot, 'contracts', 'pacts', name));
    });

    it("verifies against the mock with Pact's Verifier, through Prism, with no violation", async () => {
      const mock = await startMockServer({ profile: provider, logLevel: 'silent' });
      const prism = await startPrismProxy(mock.url, join(packageRoot, 'spec', `${provider}.openapi.yaml`));
      try {
        const verdicts = await verifyPacts({
          pacts: readPacts([join(dir, name)]),
          providerBaseUrl: prism.url,
          providerStatesUrl: `${mock.url}/__admin/provider-states`,
          describeExchange: (exchange) => describeExchange(mock.profile, exchange),
        });
        expect(verdicts.filter((verdict) => verdict.status !== 'passed').map(({ interaction, reasons }) => `${interaction.description}: ${reasons.join('; ')}`)).toEqual([]);
        expect(verdicts).toHaveLength(interactions);
        expect(prism.violations()).toEqual([]);
      } finally {
        await prism.close();
        await mock.close();
      }
    });
  });
}
