import { describe, expect, it } from 'vitest';
import type { PactFile } from './read-pacts.js';
import { selectPacts } from './select-pacts.js';

const pact = (path: string, provider: string): PactFile => ({ path, consumer: 'shop', provider, specification: '4.0', interactions: [] });
const BUILTINS = ['certopay', 'iterapay'];
const certopay = pact('a-certopay.json', 'certopay');
const iterapay = pact('b-iterapay.json', 'IteraPay');
const other = pact('c-payments.json', 'payments-api');

const summary = ({ groups, skipped }: ReturnType<typeof selectPacts>) => ({
  groups: groups.map(({ profile, pacts }) => [profile, pacts.map((own) => own.path)]),
  skipped: skipped.map(({ pact: own, reason }) => [own.path, reason]),
});

describe('selectPacts (which profile verifies each pact)', () => {
  it('without a chosen profile: each pact against the built-in profile its provider names, others against the fallback', () => {
    expect(summary(selectPacts([certopay, iterapay, other], BUILTINS, null, 'iterapay'))).toEqual({
      groups: [
        ['certopay', ['a-certopay.json']],
        ['iterapay', ['b-iterapay.json', 'c-payments.json']],
      ],
      skipped: [],
    });
  });

  it("with a chosen profile: its pacts and those of no known provider, skipping another profile's, saying which", () => {
    expect(summary(selectPacts([certopay, iterapay, other], BUILTINS, { name: 'certopay', id: 'certopay' }, 'iterapay'))).toEqual({
      groups: [['certopay', ['a-certopay.json', 'c-payments.json']]],
      skipped: [['b-iterapay.json', 'a pact for profile iterapay, not certopay: verify it with --profile iterapay']],
    });
  });

  it('matches a document given by path through the id it declares', () => {
    const chosen = { name: './vendor/certopay-sandbox.openapi.yaml', id: 'certopay' };
    expect(summary(selectPacts([certopay, iterapay], BUILTINS, chosen, 'iterapay'))).toEqual({
      groups: [['./vendor/certopay-sandbox.openapi.yaml', ['a-certopay.json']]],
      skipped: [['b-iterapay.json', 'a pact for profile iterapay, not certopay: verify it with --profile iterapay']],
    });
  });
});
