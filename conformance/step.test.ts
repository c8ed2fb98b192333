import { describe, expect, it } from 'vitest';
import { Expectations, Ledger, Violation, type Step } from './step.js';

const step: Step = { label: 'call listInvoices with the replaced key', method: 'GET', path: '/merchants/m/invoices', operation: 'listInvoices', status: 200 };

describe('Expectations', () => {
  it('refuses an assertion under an id the catalogue does not have', () => {
    const expect_ = new Expectations(null, new Ledger(new Set(['KEY-SINGLE-ACTIVE'])), 'lifecycle', () => []);
    expect(() => expect_.that('KEY-SINGLE-ACTIV', true, '401', '401')).toThrow(/unknown requirement id KEY-SINGLE-ACTIV/);
  });

  it('throws for the armed requirement only, and records every other failure with the steps so far', () => {
    const ledger = new Ledger(new Set(['KEY-SINGLE-ACTIVE', 'AUTH-CHALLENGE']));
    const armed = new Expectations('KEY-SINGLE-ACTIVE', ledger, 'lifecycle', () => [step]);
    armed.that('AUTH-CHALLENGE', false, 'a challenge', 'none', step);
    expect(ledger.violations.get('AUTH-CHALLENGE')).toMatchObject({ check: 'lifecycle', steps: [step], violation: { expected: 'a challenge', got: 'none' } });
    expect(() => armed.that('KEY-SINGLE-ACTIVE', false, '401', '200', step)).toThrow(Violation);
    armed.that('KEY-SINGLE-ACTIVE', true, '401', '401', step);
    expect(ledger.evidence.get('KEY-SINGLE-ACTIVE')).toEqual({ operations: new Set(['listInvoices']), runs: 0, answers: 2 });
  });
});
