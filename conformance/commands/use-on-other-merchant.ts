import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** The live key, or the owner's token, on another account's merchant: 403. */
export class UseOnOtherMerchant extends LifecycleCommand {
  constructor(readonly withKey: boolean) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => !this.withKey || (model.live !== null && !model.allowlisted);

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const other = target.otherMerchant!;
    const answer = this.withKey
      ? await http.send({ label: "call another merchant's payment operation with the live key", ...surface.payment(other), headers: { [surface.keyHeader]: model.live! } })
      : await http.send({ label: "read another account's key info with the Bearer token", ...surface.keyInfo(other), headers: bearer(target.bearer) });
    expect.that('AUTH-OTHER-MERCHANT-403', answer.status === 403, '403: the credential has no access to that merchant', describeAnswer(answer), answer.step);
  }

  toString = () => `UseOnOtherMerchant(${this.withKey ? 'key' : 'Bearer'})`;
}
