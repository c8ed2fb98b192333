import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer, expectDeadKey } from './calls.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Revoke the live key with the owner's Bearer token, then try it at once on an API-key operation. */
export class RevokeKey extends LifecycleCommand {
  constructor(
    readonly revoke: SurfaceOperation,
    readonly probe?: SurfaceOperation,
  ) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const answer = await callWithBearer(model, session, this.revoke, `revoke the live key (${this.revoke.operationId}, Bearer)`);
    const status = this.revoke.successStatus;
    session.expect.that('KEY-REVOKE-ANSWER', answer.status === status && answer.text === '', `${status} with an empty body`, `${describeAnswer(answer)}${answer.text ? ' with a body' : ''}`, answer.step);
    if (answer.status < 200 || answer.status > 299) return lose(model, `revoke answered ${describeAnswer(answer)}`);
    const key = model.live!;
    model.revoked.push(key);
    model.live = null;
    model.limitedUntil = null;
    if (this.probe) await expectDeadKey(model, session, 'KEY-REVOKED-REJECTED', this.probe, key, 'revoked');
  }

  toString = () => `RevokeKey(${this.probe?.operationId ?? ''})`;
}
