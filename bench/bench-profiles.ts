import type { SendJson } from './request-json.js';

/**
 * What `npm run bench` needs to know about one built-in profile: its authenticated listing, how a caller
 * gets the credential that reads it, and how a record of that listing is stored through the API. The bench
 * is not engine code, so it may name profiles; `mock-server/` never does.
 */
export interface BenchProfile {
  /** The `--profile` value. */
  name: string;
  /** The spec file `prism mock` serves, relative to the package root. */
  spec: string;
  /** The listing's path as requested. */
  listingPath: string;
  /** The same path as an Express route (the bare baseline routes it with the same parameters). */
  listingRoute: string;
  /** Logs in and issues a key through `send`; returns the headers that authenticate the listing. */
  authenticate(send: SendJson): Promise<Record<string, string>>;
  /** Stores record number `index` (from 1) of the listing through the API. */
  createRecord(send: SendJson, headers: Record<string, string>, index: number): Promise<void>;
}

const ITERAPAY_MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
const CERTOPAY_CUSTOMER = '0c2d7f7e-1b0a-4a57-9f2c-5d6e7f8a9b0c';

/** The built-in profiles the bench measures, in the order it measures them. */
export const benchProfiles: readonly BenchProfile[] = [
  {
    name: 'iterapay',
    spec: 'spec/iterapay.openapi.yaml',
    listingPath: `/merchants/${ITERAPAY_MERCHANT}/invoices`,
    listingRoute: '/merchants/:merchantID/invoices',
    async authenticate(send) {
      const { token } = await send('/auth/login', {
        method: 'POST',
        body: { email: 'alice@example.com', password: 'alice-password' },
      });
      const { key } = await send(`/key/generate/${ITERAPAY_MERCHANT}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${String(token)}` },
      });
      return { 'x-api-key': String(key) };
    },
    async createRecord(send, headers, index) {
      await send(`/merchants/${ITERAPAY_MERCHANT}/invoices`, {
        method: 'POST',
        headers,
        body: { amount: `${index}.00`, type: 'onetime', paymentMethodID: 1, description: `bench ${index}` },
      });
    },
  },
  {
    name: 'certopay',
    spec: 'spec/certopay.openapi.yaml',
    listingPath: '/api/orders',
    listingRoute: '/api/orders',
    async authenticate(send) {
      const { token } = await send('/api/auth/login', {
        method: 'POST',
        body: { email: 'ana@example.com', password: 'ana-password' },
      });
      const { key } = await send('/api/api-keys/me/regenerate', {
        method: 'POST',
        headers: { authorization: `Bearer ${String(token)}` },
      });
      return { 'x-api-key': String(key) };
    },
    async createRecord(send, headers, index) {
      await send('/api/orders', { method: 'POST', headers, body: { customerId: CERTOPAY_CUSTOMER, amount: index * 100 } });
    },
  },
];
