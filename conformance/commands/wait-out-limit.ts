import type { LifecycleModel } from '../lifecycle-model.js';
import { keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { call, describeAnswer, isAccepted, keyHeaders, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/**
 * Let Retry-After seconds pass (at most the window) — by moving the clock where the target allows it, else
 * in real time — then the live key works again.
 */
export class WaitOutLimit extends LifecycleCommand {
  constructor(readonly operation: SurfaceOperation) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.limitedUntil !== null && model.live !== null;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const { target } = session;
    const { windowSeconds } = keyScheme(session.surface)!.rateLimit!;
    const seconds = Math.min(model.retryAfter ?? windowSeconds, windowSeconds);
    if (target.advanceClock) await target.advanceClock(seconds);
    else await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 250));
    model.clock += seconds;
    const answer = await call(session, this.operation, `after ${seconds} s, call ${this.operation.operationId} with the live key`, keyHeaders(session, model.live!));
    session.expect.that('RATE-LIMIT-RECOVERY', isAccepted(this.operation, answer), `${this.operation.successStatus}: Retry-After has passed`, describeAnswer(answer), answer.step);
    model.limitedUntil = null;
  }

  toString = () => 'WaitOutLimit';
}
