import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** A valid credential of the wrong kind: the live key on a Bearer-only operation, or the token on a key-only one. */
export class UseWrongKind extends LifecycleCommand {
  constructor(readonly keyOnBearerOperation: boolean) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => !this.keyOnBearerOperation || model.live !== null;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const answer = this.keyOnBearerOperation
      ? await http.send({ label: 'read key info with the live API key instead of a Bearer token', ...surface.keyInfo(target.merchant), headers: { [surface.keyHeader]: model.live! } })
      : await http.send({ label: 'call a payment operation with the Bearer token instead of an API key', ...surface.payment(target.merchant), headers: bearer(target.bearer) });
    expect.that('AUTH-WRONG-KIND-403', answer.status === 403, '403: a valid credential of the wrong kind', describeAnswer(answer), answer.step);
  }

  toString = () => `UseWrongKind(${this.keyOnBearerOperation ? 'key on a Bearer operation' : 'Bearer on a key operation'})`;
}
