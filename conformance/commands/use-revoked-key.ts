import type { LifecycleModel } from '../lifecycle-model.js';
import { describeAnswer, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** Call a payment operation with a revoked key: 401. */
export class UseRevokedKey extends LifecycleCommand {
  constructor(readonly pick: number) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.revoked.length > 0;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const key = model.revoked[this.pick % model.revoked.length]!;
    const answer = await http.send({ label: 'call a payment operation with a revoked key', ...surface.payment(target.merchant), headers: { [surface.keyHeader]: key } });
    expect.that('KEY-REVOKED-401', answer.status === 401, '401: a revoked key never works again', describeAnswer(answer), answer.step);
  }

  toString = () => `UseRevokedKey(${this.pick})`;
}
