import { emptyCounts, fail, judge, send, type Counts } from './counts.js';
import { openSession } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { startServe } from './serve-process.js';

/** Every state-changing admin call, with a JSON body where it takes one. */
const ADMIN_CHANGES: ReadonlyArray<{ method: string; path: string; body?: object }> = [
  { method: 'POST', path: '/__admin/reset' },
  { method: 'PUT', path: '/__admin/state', body: {} },
  { method: 'PUT', path: '/__admin/clock', body: { frozen: true } },
  { method: 'POST', path: '/__admin/clock/advance', body: { seconds: 86_400 } },
  { method: 'POST', path: '/__admin/users', body: { email: 'mallory@example.com', password: 'mallory-password' } },
  { method: 'POST', path: '/__admin/merchants', body: { name: 'Mallory' } },
  { method: 'POST', path: '/__admin/tokens', body: {} },
  { method: 'DELETE', path: '/__admin/journal' },
];

/**
 * The cross-site case: every state-changing admin call as a web page on another site could send it — a
 * "simple" request (`text/plain` or a form), with or without a foreign `Origin` — must be refused (a
 * success counts as accepted), and the live key must keep working.
 */
export async function runCrossSite(surface: ProfileSurface): Promise<Counts> {
  const counts = emptyCounts();
  const server = await startServe({ profile: surface.profile.id });
  try {
    const { key } = await openSession(server.url, surface);
    const variants: Array<Record<string, string>> = [
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'null', 'content-type': 'text/plain' },
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
    ];
    for (const change of ADMIN_CHANGES) {
      for (const headers of variants) {
        const answer = await send(server.url, { method: change.method, path: change.path, headers, body: JSON.stringify(change.body ?? {}) });
        judge(counts, surface, answer);
        if (answer.status < 400) fail(counts, 'accepted', `a cross-site call answered ${answer.status}`);
      }
    }
    const use = await send(server.url, surface.useKey(surface.merchantId, key));
    judge(counts, surface, use);
    if (use.status !== 200) fail(counts, 'keysLost', `the key got ${use.status} after the cross-site calls`);
  } finally {
    if (server.crashed()) counts.crashes += 1;
    await server.stop();
  }
  return counts;
}
