import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import type { Session } from '../session.js';
import { callWithBearer } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** Call a Bearer operation on the own merchant with the owner's token (the allowlist must not matter). */
export class UseBearer extends LifecycleCommand {
  constructor(readonly operation: SurfaceOperation) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    await callWithBearer(model, session, this.operation, `call ${this.operation.operationId} with the Bearer token`);
  }

  toString = () => `UseBearer(${this.operation.operationId})`;
}
