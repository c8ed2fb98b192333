import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import { bearerHeaders, call, describeAnswer, isAccepted, keyHeaders, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/**
 * Another account creates a record with its own key; the live key reads it by its id and must not find
 * it: another account's records are not the caller's.
 */
export class ReadOtherAccountRecord extends LifecycleCommand {
  constructor(
    readonly generate: SurfaceOperation,
    readonly create: SurfaceOperation,
    readonly read: SurfaceOperation,
  ) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model.live !== null && !model.allowlisted;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    if (model.otherKey === null) {
      const issued = await call(session, this.generate, "generate the other account's key (its Bearer)", bearerHeaders(session, session.target.otherBearer!), { merchant: session.target.otherMerchant });
      if (!isAccepted(this.generate, issued) || typeof issued.json?.key !== 'string') return lose(model, `generating the other key answered ${describeAnswer(issued)}`);
      model.otherKey = issued.json.key as string;
    }
    const created = await call(session, this.create, `create a ${this.create.operationId} record with the other account's key`, keyHeaders(session, model.otherKey), { merchant: session.target.otherMerchant });
    const id: unknown = created.json?.id;
    if (!isAccepted(this.create, created) || typeof id !== 'string') return lose(model, `creating the other account's record answered ${describeAnswer(created)}`);
    const idParam = String(this.read.actionOptions.idParam);
    const answer = await session.http.send({
      label: `read the other account's record with the live key (${this.read.operationId})`,
      method: this.read.method,
      path: this.read.path.replace(`{${idParam}}`, encodeURIComponent(id)).replace(/\{[^}]+\}/g, encodeURIComponent(session.target.merchant)),
      headers: keyHeaders(session, model.live!),
      operation: this.read.operationId,
    });
    model.livePresented = true;
    session.expect.that('RESOURCE-OTHER-ACCOUNT', answer.status === 404, `404 on ${this.read.operationId}: another account's record is not the caller's`, describeAnswer(answer), answer.step);
  }

  toString = () => `ReadOtherAccountRecord(${this.read.operationId})`;
}
