import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../requirements.js';
import type { ConformanceReport } from '../run-conformance.js';
import { renderHtml } from './html-report.js';
import { createRedactor } from './redact.js';

const CHROMIUM = '/usr/bin/chromium';
const requirement = (id: string, level: 'MUST' | 'SHOULD'): Requirement => ({
  id,
  level,
  statement: `${id} statement <with markup>`,
  source: { seed: '000_76daade9c3345efb.txt', quote: 'IteraPay only returns the full key value at generation time.' },
  profiles: ['iterapay'],
  capabilities: [],
  check: 'lifecycle',
});
const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const report: ConformanceReport = {
  profile: 'iterapay',
  target: 'https://sandbox.example',
  seed: 42,
  runs: 100,
  startedAt: '2026-11-22T00:00:00.000Z',
  durationMs: 1234,
  passed: false,
  results: [
    { requirement: requirement('KEY-FULL-ONCE', 'MUST'), status: 'PASSED', durationMs: 10 },
    {
      requirement: requirement('KEY-SINGLE-ACTIVE', 'MUST'),
      status: 'FAILED',
      durationMs: 20,
      counterexample: {
        expected: '401: a replaced key stops working at once',
        got: '200 (application/json)',
        steps: [
          { label: 'generate a key (Bearer)', method: 'POST', path: '/key/generate/m', status: 200 },
          { label: 'generate a key (Bearer)', method: 'POST', path: '/key/generate/m', status: 200 },
          { label: `call with ${token}`, method: 'GET', path: '/merchants/m/invoices', status: 200 },
        ],
        input: 'GenerateKey,UseReplacedKey(0)',
        seed: 42,
        path: '1:2@AB:C',
      },
    },
    { requirement: requirement('RATE-LIMIT-429', 'SHOULD'), status: 'WARNING', reason: 'not exercised: the scenario stopped', durationMs: 5 },
    { requirement: requirement('JWT-EXPIRED', 'MUST'), status: 'SKIPPED', reason: 'seeding: needs tokens minted with a chosen expiry', durationMs: 0 },
  ],
};

describe('HTML report', () => {
  it.skipIf(!existsSync(CHROMIUM))('renders the requirements matrix in headless Chromium, self-contained and redacted', () => {
    const html = renderHtml(report, createRedactor([token], /^iterapay_live_[a-z0-9]{32}$/), (result) => `npx authproof conform --seed 42 --only ${result.requirement.id}`);
    expect(html).not.toMatch(/<(script|link|img)\b|https?:\/\/(?!sandbox\.example)/);
    const file = join(mkdtempSync(join(tmpdir(), 'authproof-html-')), 'report.html');
    writeFileSync(file, html);
    const dom = execFileSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`, '--dump-dom', `file://${file}`],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const rows = [...dom.matchAll(/<tr class="(\w+)" data-requirement="([\w-]+)" data-status="(\w+)">/g)].map((match) => [match[2], match[3]]);
    expect(rows).toEqual([
      ['KEY-FULL-ONCE', 'PASSED'],
      ['KEY-SINGLE-ACTIVE', 'FAILED'],
      ['RATE-LIMIT-429', 'WARNING'],
      ['JWT-EXPIRED', 'SKIPPED'],
    ]);
    expect(dom).toContain('NOT CONFORMANT: a MUST failed');
    expect(dom).toContain('IteraPay only returns the full key value at generation time.');
    expect(dom).toContain('expected 401: a replaced key stops working at once, got 200 (application/json)');
    expect(dom).toContain('POST /key/generate/m → 200  — generate a key (Bearer)  (×2)');
    expect(dom).toContain('npx authproof conform --seed 42 --only KEY-SINGLE-ACTIVE');
    expect(dom).toContain('KEY-FULL-ONCE statement &lt;with markup&gt;');
    expect(dom).not.toContain(token);
    expect(dom).toContain('[redacted');
  });
});
