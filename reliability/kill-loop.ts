import { emptyCounts, fail, send, type Counts } from './counts.js';
import { logIn } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { startServe } from './serve-process.js';
import { withStateFile } from './with-state-file.js';

/** Options of {@link runKillLoop}. */
export interface KillLoopOptions {
  kills: number;
  /** Merchants whose keys are generated and revoked side by side. */
  merchants: number;
}

/** One merchant's acknowledged history: keys in the order their generate was answered, and what is live. */
interface Ledger {
  merchantId: string;
  /** Every key ever acknowledged. */
  keys: string[];
  /** The key the last acknowledged operation left live (null after a revoke). */
  live: string | null;
  /** An operation was sent and not answered when the process died. */
  inFlight: boolean;
}

/**
 * The kill -9 loop: a mock with `--state-file` takes bursts of generate and revoke calls on several
 * merchants (one call in flight per merchant, so the acknowledged order is known) and is killed with
 * SIGKILL mid-burst, then restarted on the same file. After each restart every acknowledged key is tried:
 * the last acknowledged live key must work unless a call was in flight (keys lost), and no key an
 * acknowledged later call replaced or revoked may work (keys resurrected).
 */
export async function runKillLoop(surface: ProfileSurface, options: KillLoopOptions): Promise<Counts> {
  const counts = emptyCounts();
  await withStateFile(async (args) => {
    let server = await startServe({ profile: surface.profile.id, args });
    const ledgers: Ledger[] = [{ merchantId: surface.merchantId, keys: [], live: null, inFlight: false }];
    // Several merchants where keys are merchants'; where they are an account's, the one account.
    for (let index = 1; index < (surface.accountTenancy ? 1 : options.merchants); index += 1) {
      const created = await fetch(`${server.url}/__admin/merchants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Reliability ${index}`, ownerId: surface.userId }),
      });
      ledgers.push({ merchantId: ((await created.json()) as { id: string }).id, keys: [], live: null, inFlight: false });
    }
    for (let round = 0; round < options.kills; round += 1) {
      const token = await logIn(server.url, surface);
      let dying = false;
      const burst = ledgers.map(async (ledger) => {
        while (!dying) {
          const generate = surface.revoke === null || Math.random() < 0.7;
          ledger.inFlight = true;
          const answer = await send(server.url, generate ? surface.generate(ledger.merchantId, token) : surface.revoke!(ledger.merchantId, token));
          if (answer.status === 0) return;
          counts.requests += 1;
          ledger.inFlight = false;
          if (answer.status >= 500) fail(counts, 'serverErrors', `a request during the kill loop answered ${answer.status}`);
          if (generate && answer.status === 200) {
            const { key } = JSON.parse(answer.body) as { key: string };
            ledger.keys.push(key);
            ledger.live = key;
          } else if (!generate && answer.status < 300) {
            ledger.live = null;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 200));
      dying = true;
      if (server.crashed()) counts.crashes += 1;
      await server.kill9();
      await Promise.all(burst);
      server = await startServe({ profile: surface.profile.id, args });
      for (const ledger of ledgers) {
        for (const key of ledger.keys) {
          const works = (await send(server.url, surface.useKey(ledger.merchantId, key))).status === 200;
          counts.requests += 1;
          if (key === ledger.live && !works && !ledger.inFlight) fail(counts, 'keysLost', 'the live key stopped working after a restart');
          if (key !== ledger.live && works) fail(counts, 'keysResurrected', 'a retired key works again after a restart');
        }
        // Whatever the in-flight call did is now on disk or not; start the next round from what works.
        if (ledger.inFlight) ledger.live = ledger.live !== null && (await send(server.url, surface.useKey(ledger.merchantId, ledger.live))).status === 200 ? ledger.live : null;
        ledger.inFlight = false;
        ledger.keys = ledger.live === null ? [] : [ledger.live];
      }
    }
    if (server.crashed()) counts.crashes += 1;
    await server.stop();
  });
  return counts;
}
