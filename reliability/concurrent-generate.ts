import { emptyCounts, fail, judge, send, type Counts } from './counts.js';
import { logIn } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { startServe } from './serve-process.js';

/** Options of {@link runConcurrentGenerate}. */
export interface ConcurrentGenerateOptions {
  rounds: number;
  /** Generate calls sent at once in each round. */
  concurrency: number;
}

/**
 * Concurrent generate rounds: `concurrency` generate calls at once for one merchant, then every returned
 * key is tried; exactly one must work. A round with none counts a key lost, each extra live key a key
 * resurrected.
 */
export async function runConcurrentGenerate(surface: ProfileSurface, options: ConcurrentGenerateOptions): Promise<Counts> {
  const counts = emptyCounts();
  const server = await startServe({ profile: surface.profile.id, args: ['--rate-limit', 'off'] });
  try {
    const token = await logIn(server.url, surface);
    for (let round = 0; round < options.rounds; round += 1) {
      const answers = await Promise.all(Array.from({ length: options.concurrency }, () => send(server.url, surface.generate(surface.merchantId, token))));
      const keys: string[] = [];
      for (const answer of answers) {
        judge(counts, surface, answer);
        if (answer.status === 200) keys.push((JSON.parse(answer.body) as { key: string }).key);
      }
      const uses = await Promise.all(keys.map((key) => send(server.url, surface.useKey(surface.merchantId, key))));
      uses.forEach((answer) => judge(counts, surface, answer));
      const live = uses.filter((answer) => answer.status === 200).length;
      if (live === 0) fail(counts, 'keysLost', 'a round of concurrent generates left no live key');
      else for (let extra = 1; extra < live; extra += 1) fail(counts, 'keysResurrected', `a round of concurrent generates left ${live} live keys`);
    }
  } finally {
    if (server.crashed()) counts.crashes += 1;
    await server.stop();
  }
  return counts;
}
