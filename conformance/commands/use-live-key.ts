import { mayBeLimited, type LifecycleModel } from '../lifecycle-model.js';
import { describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Call a payment operation with the live key: it works, unless the allowlist or a burst says otherwise. */
export class UseLiveKey extends LifecycleCommand {
  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const answer = await http.send({ label: 'call a payment operation with the live key', ...surface.payment(target.merchant), headers: { [surface.keyHeader]: model.live! } });
    if (model.allowlisted) {
      expect.that('AUTH-IP-ALLOWLIST-403', answer.status === 403, '403: the client address is not in the allowlist', describeAnswer(answer), answer.step);
      return;
    }
    if (answer.status === 429 && mayBeLimited(model)) return;
    if (answer.status === 429) return lose(model, 'rate limited by the target');
    expect.that('KEY-SINGLE-ACTIVE', answer.status === 200, '200: the one active key works', describeAnswer(answer), answer.step);
    if (answer.status === 200) {
      model.usedSinceInfo = true;
      model.lastUseAt = model.clock;
    }
    else lose(model, `the live key got ${describeAnswer(answer)}`);
  }

  toString = () => 'UseLiveKey';
}
