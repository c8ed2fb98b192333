import { mayBeLimited, type LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, isAccepted, type Session } from '../session.js';
import { callWithKey } from './calls.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Call an API-key operation with the live key: it works, unless the allowlist or a burst says otherwise. */
export class UseLiveKey extends LifecycleCommand {
  constructor(readonly operation: SurfaceOperation) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const { expect, surface } = session;
    const { forbidden, rateLimited } = surface.rules;
    const operation = this.operation;
    const answer = await callWithKey(model, session, operation, model.live!, `call ${operation.operationId} with the live key`);
    if (model.allowlisted) {
      expect.that('AUTH-IP-ALLOWLIST', answer.status === forbidden, `${forbidden} on ${operation.operationId}: the client address is not in the allowlist`, describeAnswer(answer), answer.step);
      return;
    }
    if (answer.status === rateLimited && mayBeLimited(model)) return;
    if (answer.status === rateLimited) return lose(model, 'rate limited by the target');
    if (answer.status === forbidden && model.allowlistCleared) {
      expect.that('AUTH-IP-ALLOWLIST', false, `not ${forbidden} on ${operation.operationId}: the allowlist was cleared`, describeAnswer(answer), answer.step);
      return lose(model, 'the key stays locked out after the allowlist was cleared');
    }
    const accepted = isAccepted(operation, answer);
    expect.that('KEY-SINGLE-ACTIVE', accepted, `${operation.successStatus} on ${operation.operationId}: the active key works`, describeAnswer(answer), answer.step);
    if (!accepted) return lose(model, `the live key got ${describeAnswer(answer)} on ${operation.operationId}`);
    model.usedSinceInfo = true;
    model.lastUseAt = model.clock;
  }

  toString = () => `UseLiveKey(${this.operation.operationId})`;
}
