import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer } from './calls.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Remove the allowlist: every address may use the key again. */
export class ClearAllowlist extends LifecycleCommand {
  constructor(readonly clear: SurfaceOperation) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const answer = await callWithBearer(model, session, this.clear, `clear the allowlist (${this.clear.operationId}, Bearer)`);
    if (answer.status < 200 || answer.status > 299) return lose(model, `clearing the allowlist answered ${describeAnswer(answer)}`);
    model.allowlistCleared = model.allowlisted || model.allowlistCleared;
    model.allowlisted = false;
  }

  toString = () => 'ClearAllowlist';
}
