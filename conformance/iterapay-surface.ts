/** A request line of the profile's surface. */
export interface Endpoint {
  method: string;
  path: string;
}

/**
 * The IteraPay operations the suite exercises and what their answers look like. The suite knows a profile
 * only through a surface like this one.
 */
export const iterapaySurface = {
  profile: 'iterapay',
  keyHeader: 'x-api-key',
  keyPattern: /^iterapay_live_[a-z0-9]{32}$/,
  /** A well-formed key that no deployment issued. */
  unknownKey: (suffix: string) => `iterapay_live_${suffix.padEnd(32, '0').slice(0, 32)}`,
  rateLimit: { limit: 100, windowSeconds: 60 },
  /** An address from TEST-NET-3 (RFC 5737): never the suite's own. */
  foreignAddress: '203.0.113.7',
  generateKey: (merchant: string): Endpoint => ({ method: 'POST', path: `/key/generate/${merchant}` }),
  keyInfo: (merchant: string): Endpoint => ({ method: 'GET', path: `/key/info/${merchant}` }),
  revokeKey: (merchant: string): Endpoint => ({ method: 'DELETE', path: `/key/revoke/${merchant}` }),
  /** A payment operation that takes the API key only. */
  payment: (merchant: string): Endpoint => ({ method: 'GET', path: `/merchants/${merchant}/invoices` }),
  setAllowlist: (merchant: string): Endpoint => ({ method: 'POST', path: `/ipAddress/${merchant}` }),
  clearAllowlist: (merchant: string): Endpoint => ({ method: 'DELETE', path: `/ipAddress/${merchant}` }),
  /** An operation that takes either credential. */
  merchants: (): Endpoint => ({ method: 'GET', path: '/merchants' }),
  /** A body the payment-creating operation accepts, to fuzz around. */
  invoiceBody: { amount: '12.50', type: 'onetime', paymentMethodID: 1 },
  createInvoice: (merchant: string): Endpoint => ({ method: 'POST', path: `/merchants/${merchant}/invoices` }),
} as const;

export type Surface = typeof iterapaySurface;
