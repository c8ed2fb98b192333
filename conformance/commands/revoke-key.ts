import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Revoke the live key with the owner's Bearer token. */
export class RevokeKey extends LifecycleCommand {
  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const answer = await http.send({ label: 'revoke the live key (Bearer)', ...surface.revokeKey(target.merchant), headers: bearer(target.bearer) });
    expect.that('KEY-REVOKE-204', answer.status === 204 && answer.text === '', '204 with an empty body', `${describeAnswer(answer)}${answer.text ? ' with a body' : ''}`, answer.step);
    if (answer.status < 200 || answer.status > 299) return lose(model, `revoke answered ${describeAnswer(answer)}`);
    model.revoked.push(model.live!);
    model.live = null;
    model.limitedUntil = null;
  }

  toString = () => 'RevokeKey';
}
