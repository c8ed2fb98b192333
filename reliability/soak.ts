import autocannon from 'autocannon';
import { emptyCounts, type Counts } from './counts.js';
import { openSession } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { startServe } from './serve-process.js';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  seconds: number;
  connections: number;
}

/**
 * The soak: saturates an in-memory mock for `seconds` with a mix of a live key's request, an unknown
 * key's (401) and an unknown path (404), sampling the server's RSS every 250 ms; the end sample is taken
 * after a short rest. Counts 5xx answers, request errors (as no answer) and crashes.
 */
export async function runSoak(surface: ProfileSurface, options: SoakOptions): Promise<Counts> {
  const counts = emptyCounts();
  const server = await startServe({ profile: surface.profile.id, args: ['--rate-limit', 'off'] });
  try {
    const { key } = await openSession(server.url, surface);
    const live = surface.useKey(surface.merchantId, key);
    const unknown = surface.useKey(surface.merchantId, `${key.slice(0, -4)}zzzz`);
    const start = server.rssMb();
    let peak = start;
    const sampler = setInterval(() => {
      if (!server.crashed()) peak = Math.max(peak, server.rssMb());
    }, 250);
    const result = await autocannon({
      url: server.url,
      connections: options.connections,
      duration: options.seconds,
      requests: [live, unknown, { method: 'GET', path: '/__not-a-route', headers: {} }].map((call) => ({ ...call, method: 'GET' as const })),
    });
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    counts.requests = result.requests.total;
    counts.serverErrors = result['5xx'];
    counts.nonDialect = result.errors + result.timeouts;
    counts.rss = { start, peak, end: server.crashed() ? 0 : server.rssMb() };
  } finally {
    if (server.crashed()) counts.crashes += 1;
    await server.stop();
  }
  return counts;
}
