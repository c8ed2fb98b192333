import { mayBeLimited, type LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** While the live key is limited, another account's key still works: limits count per key. */
export class UseAnotherKey extends LifecycleCommand {
  protected applies = (model: Readonly<LifecycleModel>) => mayBeLimited(model);

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    if (model.otherKey === null) {
      const issued = await http.send({ label: "generate the other account's key (its Bearer)", ...surface.generateKey(target.otherMerchant!), headers: bearer(target.otherBearer!) });
      if (issued.status !== 200 || typeof issued.json?.key !== 'string') return lose(model, `generating the other key answered ${describeAnswer(issued)}`);
      model.otherKey = issued.json.key as string;
    }
    const answer = await http.send({ label: "call the other merchant's payment operation with its own key", ...surface.payment(target.otherMerchant!), headers: { [surface.keyHeader]: model.otherKey } });
    expect.that('RATE-LIMIT-PER-KEY', answer.status === 200, "200: another key's requests are counted apart", describeAnswer(answer), answer.step);
  }

  toString = () => 'UseAnotherKey';
}
