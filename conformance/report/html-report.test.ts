import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../requirements.js';
import type { ConformanceReport, RequirementResult } from '../run-conformance.js';
import { renderHtml } from './html-report.js';
import { createRedactor } from './redact.js';
import { scratchFolder } from '../../mock-server/test/scratch-folder.js';

const CHROMIUM = '/usr/bin/chromium';
const requirement = (id: string, level: 'MUST' | 'SHOULD'): Requirement => ({
  id,
  level,
  statement: `${id} statement <with markup>`,
  source: { url: 'https://docs.iterapay.com/docs/authentication', quote: 'IteraPay only returns the full key value at generation time.' },
  needs: [],
  capabilities: [],
  check: 'lifecycle',
});
const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const longPath = `1:2:3:${'4:'.repeat(120)}1@${'AB'.repeat(150)}:C`;
const report: ConformanceReport = {
  profile: 'iterapay',
  profileTitle: 'IteraPay',
  profileSource: '/opt/authproof/spec/iterapay.openapi.yaml',
  profileSha256: 'a'.repeat(64),
  target: 'https://sandbox.example',
  seed: 42,
  runs: 100,
  startedAt: '2026-11-22T00:00:00.000Z',
  durationMs: 1234,
  verdict: 'NOT CONFORMANT',
  proven: 1,
  tool: { version: '0.2.0', command: 'npx authproof conform --profile iterapay --target https://sandbox.example --seed 42 --runs 100' },
  coverage: [
    { operation: 'generateKey', method: 'POST', path: '/key/generate/{merchantID}', status: 'served', requirements: ['KEY-FULL-ONCE', 'KEY-SINGLE-ACTIVE'] },
    { operation: 'listMerchants', method: 'GET', path: '/merchants', status: 'not served', reason: 'listMerchants (GET /merchants) answers 404 without a credential and 404 with a valid one', requirements: [] },
  ],
  unproven: ['permissions (OpenAPI scopes) on listUsers'],
  results: [
    { requirement: requirement('KEY-FULL-ONCE', 'MUST'), status: 'PASSED', durationMs: 10, evidence: { operations: ['generateKey', 'getKeyInfo'], runs: 100, answers: 2345 } },
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
        input: 'GenerateKey,UseDeadKey(replaced, 0, listInvoices)',
        seed: 42,
        path: longPath,
      },
    },
    { requirement: requirement('RATE-LIMIT-ENFORCED', 'SHOULD'), status: 'WARNING', reason: 'not exercised: the scenario stopped', durationMs: 5 },
    { requirement: requirement('JWT-EXPIRED', 'MUST'), status: 'SKIPPED', reason: 'expired-token: needs an expired token of the merchant\'s owner', durationMs: 0 },
  ],
};

const chromium = (args: string[]): string =>
  execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${scratchFolder('chromium')}`, ...args],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );

const replay = (result: RequirementResult) => `npx authproof conform --profile iterapay --seed 42 --replay '${longPath}' --only ${result.requirement.id}`;

// CI installs Debian's chromium (.ci/run): there, a missing browser fails the test instead of skipping it.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('HTML certificate in headless Chromium', () => {
  const html = renderHtml(report, createRedactor([token], [/^iterapay_live_[a-z0-9]{32}$/]), replay);
  const dir = scratchFolder('authproof-html');
  const file = join(dir, 'report.html');
  writeFileSync(file, html);

  it('names what was run, shows the verdict, the matrix with sources, evidence and counterexamples, and the coverage — self-contained and redacted', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)\b|url\(/);
    const dom = chromium(['--dump-dom', `file://${file}`]);
    const rows = [...dom.matchAll(/<tr class="(\w+)" data-requirement="([\w-]+)" data-status="(\w+)">/g)].map((match) => [match[2], match[3]]);
    expect(rows).toEqual([
      ['KEY-FULL-ONCE', 'PASSED'],
      ['KEY-SINGLE-ACTIVE', 'FAILED'],
      ['RATE-LIMIT-ENFORCED', 'WARNING'],
      ['JWT-EXPIRED', 'SKIPPED'],
    ]);
    for (const text of ['0.2.0', 'a'.repeat(64), '/opt/authproof/spec/iterapay.openapi.yaml', 'npx authproof conform --profile iterapay --target https://sandbox.example --seed 42 --runs 100']) expect(dom).toContain(text);
    expect(dom).toContain('NOT CONFORMANT: 1 of 4 requirements proven; 1 MUST failed (KEY-SINGLE-ACTIVE)');
    expect(dom).toContain('<a href="https://docs.iterapay.com/docs/authentication">https://docs.iterapay.com/docs/authentication</a>: "IteraPay only returns the full key value at generation time."');
    expect(dom).toContain('2345 requests judged in 100 runs on 2 operations (generateKey, getKeyInfo)');
    expect(dom).toContain('expected 401: a replaced key stops working at once, got 200 (application/json)');
    expect(dom).toContain('POST /key/generate/m → 200  — generate a key (Bearer)  (×2)');
    expect(dom).toMatch(/data-operation="listMerchants" data-served="not served"/);
    expect(dom).toContain('<ul id="unproven"><li>permissions (OpenAPI scopes) on listUsers</li></ul>');
    expect(dom).toContain('KEY-FULL-ONCE statement &lt;with markup&gt;');
    expect(dom).not.toContain(token);
    expect(dom).toContain('[redacted');
  });

  it('fits a 1280 px window: long replay commands wrap instead of running off the page', () => {
    const probe = join(dir, 'probe.html');
    writeFileSync(probe, html.replace('</body>', '<script>document.body.dataset.overflow = String(document.documentElement.scrollWidth - document.documentElement.clientWidth)</script></body>'));
    const dom = chromium(['--window-size=1280,900', '--dump-dom', `file://${probe}`]);
    expect(/data-overflow="(-?\d+)"/.exec(dom)?.[1]).toBe('0');
    const screenshot = join(dir, 'report.png');
    chromium(['--window-size=1280,2400', '--hide-scrollbars', `--screenshot=${screenshot}`, `file://${file}`]);
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
  });
});
