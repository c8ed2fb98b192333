import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer } from './calls.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** An address from TEST-NET-3 (RFC 5737): never the suite's own. */
export const FOREIGN_ADDRESS = '203.0.113.7';

/** Restrict the merchant's API key to an address the suite never sends from. */
export class SetAllowlist extends LifecycleCommand {
  constructor(readonly set: SurfaceOperation) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const body = { [String(this.set.actionOptions.field ?? 'ipAddress')]: FOREIGN_ADDRESS };
    const answer = await callWithBearer(model, session, this.set, `allowlist ${FOREIGN_ADDRESS} only (${this.set.operationId}, Bearer)`, { body });
    if (answer.status < 200 || answer.status > 299) return lose(model, `setting the allowlist answered ${describeAnswer(answer)}`);
    model.allowlisted = true;
    model.allowlistCleared = false;
  }

  toString = () => 'SetAllowlist';
}
