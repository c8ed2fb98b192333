import type { LifecycleModel } from '../lifecycle-model.js';
import { describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Send requests with the live key until the target refuses one: by the (limit + 1)th at the latest. */
export class BurstPastLimit extends LifecycleCommand {
  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null && !model.allowlisted;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const { limit, windowSeconds } = surface.rateLimit;
    for (let sent = 1; sent <= limit + 1; sent += 1) {
      const answer = await http.send({ label: `burst: request ${sent} with the live key`, ...surface.payment(target.merchant), headers: { [surface.keyHeader]: model.live! } });
      if (answer.status === 429) {
        const header = answer.headers.get('retry-after');
        const seconds = header !== null && /^\d+$/.test(header) ? Number(header) : null;
        expect.that('RATE-LIMIT-RETRY-AFTER', seconds !== null && seconds >= 1 && seconds <= windowSeconds, `Retry-After: whole seconds from 1 to ${windowSeconds}`, header === null ? 'no Retry-After' : `Retry-After: ${header}`, answer.step);
        expect.that('RATE-LIMIT-429', true, `429 by request ${limit + 1}`, `429 at request ${sent}`, answer.step);
        model.limitedUntil = model.clock + windowSeconds;
        model.retryAfter = seconds ?? windowSeconds;
        return;
      }
      if (answer.status !== 200) return lose(model, `request ${sent} of the burst got ${describeAnswer(answer)}`);
    }
    expect.that('RATE-LIMIT-429', false, `429 by request ${limit + 1} within ${windowSeconds} s`, `${limit + 1} requests answered 200`);
    lose(model, 'no rate limit');
  }

  toString = () => 'BurstPastLimit';
}
