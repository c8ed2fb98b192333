/** Test helpers for the IteraPay profile: fixture accounts and the calls every HTTP test needs. */
import { networkInterfaces } from 'node:os';
import { expect } from 'vitest';
import { startMockServer, type MockServer, type MockServerOptions } from '../index.js';

export const ALICE = { id: '8f14e45f-ceea-467f-a0e6-2c1b7c6f9a01', email: 'alice@example.com', password: 'alice-password' };
export const BOB = { id: 'c9f0f895-fb98-4ab1-b2a8-6f5d8e3b7c02', email: 'bob@example.com', password: 'bob-password' };
export const ALICE_MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
export const BOB_MERCHANT = '5e1c3f0a-2b7d-4c8e-9f1a-3d2e4b6c8a90';
export const KEY_PATTERN = /^iterapay_live_[a-z0-9]{32}$/;

/** The IteraPay mock on an ephemeral loopback port, silent. */
export function startIterapay(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServer({ profile: 'iterapay', logLevel: 'silent', ...options });
}

/** A small HTTP client bound to one server. */
export interface Client {
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: unknown; raw?: string }): Promise<Response>;
  login(user?: { email: string; password: string }): Promise<string>;
  generateKey(token: string, merchant?: string): Promise<string>;
}

export function client(server: Pick<MockServer, 'url'>): Client {
  const request: Client['request'] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${server.url}${path}`, { method, headers, body });
  };
  return {
    request,
    async login(user = ALICE) {
      const response = await request('POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { token: string }).token;
    },
    async generateKey(token, merchant = ALICE_MERCHANT) {
      const response = await request('POST', `/key/generate/${merchant}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { key: string }).key;
    },
  };
}

/** Asserts an RFC 9457 problem with the given status and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<{ type: string; title: string; status: number; detail: string; instance: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string; instance: string };
  expect(body).toEqual({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.any(String),
  });
  return body;
}

/** A response with its parsed body (undefined when empty). */
export interface Answer {
  response: Response;
  body: any;
}

/** Sends a request and reads the body as JSON when there is one. */
export async function answer(pending: Promise<Response>): Promise<Answer> {
  const response = await pending;
  const text = await response.text();
  return { response, body: text === '' ? undefined : JSON.parse(text) };
}

/** A non-loopback IPv4 address of this machine, to make requests that do not come from 127.0.0.1. */
export function externalIpv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}
