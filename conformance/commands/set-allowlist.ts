import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Restrict the key to an address the suite never sends from (TEST-NET-3). */
export class SetAllowlist extends LifecycleCommand {
  protected applies = () => true;

  protected async act(model: LifecycleModel, { target, http, surface }: Session): Promise<void> {
    const answer = await http.send({
      label: `allowlist ${surface.foreignAddress} only (Bearer)`,
      ...surface.setAllowlist(target.merchant),
      headers: bearer(target.bearer),
      body: { ipAddress: surface.foreignAddress },
    });
    if (answer.status < 200 || answer.status > 299) return lose(model, `setting the allowlist answered ${describeAnswer(answer)}`);
    model.allowlisted = true;
  }

  toString = () => 'SetAllowlist';
}
