import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer, callWithKey } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** The live key, or the owner's token, on an operation of another account's merchant. */
export class UseOnOtherMerchant extends LifecycleCommand {
  constructor(
    readonly operation: SurfaceOperation,
    readonly withKey: boolean,
  ) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => !this.withKey || (model.live !== null && !model.allowlisted);

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const operation = this.operation;
    const merchant = session.target.otherMerchant!;
    const answer = this.withKey
      ? await callWithKey(model, session, operation, model.live!, `call ${operation.operationId} of another merchant with the live key`, { merchant })
      : await callWithBearer(model, session, operation, `call ${operation.operationId} of another account's merchant with the Bearer token`, { merchant });
    const { forbidden } = session.surface.rules;
    session.expect.that('AUTH-OTHER-MERCHANT', answer.status === forbidden, `${forbidden} on ${operation.operationId}: the credential has no access to that merchant`, describeAnswer(answer), answer.step);
  }

  toString = () => `UseOnOtherMerchant(${this.operation.operationId}, ${this.withKey ? 'key' : 'Bearer'})`;
}
