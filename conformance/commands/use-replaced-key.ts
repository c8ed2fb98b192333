import type { LifecycleModel } from '../lifecycle-model.js';
import { describeAnswer, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** Call a payment operation with a key that a newer key replaced: 401. */
export class UseReplacedKey extends LifecycleCommand {
  constructor(readonly pick: number) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.replaced.length > 0;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const key = model.replaced[this.pick % model.replaced.length]!;
    const answer = await http.send({ label: 'call a payment operation with a replaced key', ...surface.payment(target.merchant), headers: { [surface.keyHeader]: key } });
    expect.that('KEY-SINGLE-ACTIVE', answer.status === 401, '401: a replaced key stops working at once', describeAnswer(answer), answer.step);
  }

  toString = () => `UseReplacedKey(${this.pick})`;
}
