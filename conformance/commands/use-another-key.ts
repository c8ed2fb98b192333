import { mayBeLimited, type LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { bearerHeaders, call, describeAnswer, isAccepted, keyHeaders, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** While the live key is limited, another account's key still works: limits count per key. */
export class UseAnotherKey extends LifecycleCommand {
  constructor(
    readonly generate: SurfaceOperation,
    readonly operation: SurfaceOperation,
  ) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => mayBeLimited(model);

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const merchant = session.target.otherMerchant!;
    if (model.otherKey === null) {
      const issued = await call(session, this.generate, "generate the other account's key (its Bearer)", bearerHeaders(session, session.target.otherBearer!), { merchant });
      if (!isAccepted(this.generate, issued) || typeof issued.json?.key !== 'string') return lose(model, `generating the other key answered ${describeAnswer(issued)}`);
      model.otherKey = issued.json.key as string;
    }
    const answer = await call(session, this.operation, `call ${this.operation.operationId} of the other merchant with its own key`, keyHeaders(session, model.otherKey), { merchant });
    session.expect.that('RATE-LIMIT-PER-KEY', isAccepted(this.operation, answer), `${this.operation.successStatus}: another key's requests are counted apart`, describeAnswer(answer), answer.step);
  }

  toString = () => 'UseAnotherKey';
}
