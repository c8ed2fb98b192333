import type { LifecycleModel } from '../lifecycle-model.js';
import { describeAnswer, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/**
 * Let the rate-limit window pass — by moving the clock where the target allows it, else in real time for
 * Retry-After seconds (at most the window) — then the live key works again.
 */
export class WaitOutLimit extends LifecycleCommand {
  protected applies = (model: Readonly<LifecycleModel>) => model.limitedUntil !== null && model.live !== null;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const seconds = Math.min(model.retryAfter ?? surface.rateLimit.windowSeconds, surface.rateLimit.windowSeconds);
    if (target.advanceClock) await target.advanceClock(seconds);
    else await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 250));
    model.clock += seconds;
    const answer = await http.send({ label: `after ${seconds} s, call a payment operation with the live key`, ...surface.payment(target.merchant), headers: { [surface.keyHeader]: model.live! } });
    expect.that('RATE-LIMIT-RECOVERY', answer.status === 200, '200: the window has passed', describeAnswer(answer), answer.step);
    model.limitedUntil = null;
  }

  toString = () => 'WaitOutLimit';
}
