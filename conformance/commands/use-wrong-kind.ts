import type { LifecycleModel } from '../lifecycle-model.js';
import { accepts, jwtScheme, keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer, callWithKey } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

/**
 * A valid credential of the wrong kind: the live key on an operation that takes only the Bearer token, or
 * the token on one that takes only the API key.
 */
export class UseWrongKind extends LifecycleCommand {
  readonly keyOnBearerOperation: boolean;

  constructor(readonly operation: SurfaceOperation) {
    super();
    this.keyOnBearerOperation = accepts(operation, 'jwt');
  }

  // The key only while no allowlist stands between it and the operation.
  protected applies = (model: Readonly<LifecycleModel>) => !this.keyOnBearerOperation || (model.live !== null && !model.allowlisted);

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const operation = this.operation;
    const answer = this.keyOnBearerOperation
      ? await callWithKey(model, session, operation, model.live!, `call ${operation.operationId} with the live API key instead of a Bearer token`)
      : await callWithBearer(model, session, operation, `call ${operation.operationId} with the Bearer token instead of an API key`);
    const presented = this.keyOnBearerOperation ? keyScheme(session.surface)! : jwtScheme(session.surface)!;
    const wrongKind = session.surface.rules.wrongKind(presented);
    session.expect.that('AUTH-WRONG-KIND', answer.status === wrongKind, `${wrongKind} on ${operation.operationId}: a valid credential of the wrong kind`, describeAnswer(answer), answer.step);
  }

  toString = () => `UseWrongKind(${this.operation.operationId})`;
}
