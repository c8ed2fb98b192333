import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { emptyCounts, fail, judge, send, type Counts } from './counts.js';
import { openSession } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { startServe } from './serve-process.js';
import { withStateFile } from './with-state-file.js';

/**
 * The failed-write case: with `--state-file`, a folder where the server's temporary file goes makes every
 * write fail. Generate and revoke must then answer 503 in the profile's dialect (a success counts as
 * accepted) and change nothing: the live key keeps working, also after a kill -9 and a restart.
 */
export async function runFailedWrite(surface: ProfileSurface): Promise<Counts> {
  const counts = emptyCounts();
  await withStateFile(async (args, folder) => {
    const server = await startServe({ profile: surface.profile.id, args });
    const { token, key } = await openSession(server.url, surface);
    mkdirSync(join(folder, `.state.json.${server.pid}.tmp`));
    for (const call of [surface.generate(surface.merchantId, token), ...(surface.revoke ? [surface.revoke(surface.merchantId, token)] : [])]) {
      const answer = await send(server.url, call);
      judge(counts, surface, answer, { allowedStatus: 503 });
      if (answer.status < 400) fail(counts, 'accepted', `a change that could not be saved answered ${answer.status}`);
    }
    const works = async (url: string) => {
      const answer = await send(url, surface.useKey(surface.merchantId, key));
      judge(counts, surface, answer);
      if (answer.status !== 200) fail(counts, 'keysLost', `the key got ${answer.status} after the restart`);
    };
    await works(server.url);
    if (server.crashed()) counts.crashes += 1;
    await server.kill9();
    rmSync(join(folder, `.state.json.${server.pid}.tmp`), { recursive: true });
    const restarted = await startServe({ profile: surface.profile.id, args });
    await works(restarted.url);
    if (restarted.crashed()) counts.crashes += 1;
    await restarted.stop();
  });
  return counts;
}
