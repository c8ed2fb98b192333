import type { LifecycleModel } from '../lifecycle-model.js';
import { keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, isAccepted, keyHeaders, call, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Send the limit's worth of requests with the live key, then one more: the first are served, the last refused. */
export class BurstPastLimit extends LifecycleCommand {
  constructor(readonly operation: SurfaceOperation) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null && !model.allowlisted;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const { expect, surface } = session;
    const { limit, windowSeconds } = keyScheme(surface)!.rateLimit!;
    const { rateLimited } = surface.rules;
    for (let sent = 1; sent <= limit + 1; sent += 1) {
      const answer = await call(session, this.operation, `burst: request ${sent} with the live key`, keyHeaders(session, model.live!));
      if (answer.status === rateLimited) {
        const header = answer.headers.get('retry-after');
        const seconds = header !== null && /^\d+$/.test(header) ? Number(header) : null;
        expect.that('RATE-LIMIT-ENFORCED', sent === limit + 1, `the first ${limit} requests served, request ${limit + 1} refused with ${rateLimited}`, `${rateLimited} at request ${sent}`, answer.step);
        expect.that('RATE-LIMIT-RETRY-AFTER', seconds !== null && seconds >= 1 && seconds <= windowSeconds, `Retry-After: whole seconds from 1 to ${windowSeconds}`, header === null ? 'no Retry-After' : `Retry-After: ${header}`, answer.step);
        model.limitedUntil = model.clock + windowSeconds;
        model.retryAfter = seconds;
        return;
      }
      if (!isAccepted(this.operation, answer)) return lose(model, `request ${sent} of the burst got ${describeAnswer(answer)}`);
    }
    expect.that('RATE-LIMIT-ENFORCED', false, `${rateLimited} at request ${limit + 1} within ${windowSeconds} s`, `${limit + 1} requests served`);
    lose(model, 'no rate limit');
  }

  toString = () => `BurstPastLimit(${this.operation.operationId})`;
}
