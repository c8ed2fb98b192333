import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Remove the allowlist: every address may use the key again. */
export class ClearAllowlist extends LifecycleCommand {
  protected applies = () => true;

  protected async act(model: LifecycleModel, { target, http, surface }: Session): Promise<void> {
    const answer = await http.send({ label: 'clear the allowlist (Bearer)', ...surface.clearAllowlist(target.merchant), headers: bearer(target.bearer) });
    if (answer.status < 200 || answer.status > 299) return lose(model, `clearing the allowlist answered ${describeAnswer(answer)}`);
    model.allowlisted = false;
  }

  toString = () => 'ClearAllowlist';
}
