import type { LifecycleModel } from '../lifecycle-model.js';
import { keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

const isIsoDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));

/** Read key info with the owner's Bearer token: fields, no key, lastUsedAt consistent with use. */
export class KeyInfo extends LifecycleCommand {
  constructor(readonly info: SurfaceOperation) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const { expect } = session;
    const answer = await callWithBearer(model, session, this.info, `read key info (${this.info.operationId}, Bearer)`);
    const live = model.live;
    // A refusal while an allowlist stands was judged as AUTH-IP-BEARER-UNAFFECTED.
    if (live === null || (model.allowlisted && answer.status === session.surface.rules.forbidden)) return;
    const displayed = keyScheme(session.surface)!.keyFormat!.displayPrefixLength;
    const info = answer.json as { createdAt?: unknown; lastUsedAt?: unknown; prefix?: unknown } | undefined;
    const dated = answer.status === this.info.successStatus && isIsoDate(info?.createdAt) && (info?.lastUsedAt === null || isIsoDate(info?.lastUsedAt));
    const fields = dated && (info!.lastUsedAt === null || model.livePresented) && info!.prefix === live.slice(0, displayed);
    expect.that(
      'KEY-INFO-FIELDS',
      fields,
      `${this.info.successStatus} with createdAt, lastUsedAt (a date, or null while the key is unused) and the first ${displayed} characters of the live key`,
      answer.status === this.info.successStatus ? `${JSON.stringify(info ? Object.keys(info) : null)} with lastUsedAt ${String(info?.lastUsedAt)} and a prefix of ${typeof info?.prefix === 'string' ? info.prefix.length : 'no'} characters` : describeAnswer(answer),
      answer.step,
    );
    // lastUsedAt can be judged whenever both dates can be read.
    if (!dated) return;

    const createdAt = Date.parse(info!.createdAt as string);
    const lastUsedAt = info!.lastUsedAt as string | null;
    const current = lastUsedAt === null ? null : Date.parse(lastUsedAt);
    // The target's clock moved (model.clock) between the key's creation and its last use: lastUsedAt shows it.
    const sinceCreation = model.lastUseAt === null ? 0 : (model.lastUseAt - model.keyIssuedAt) * 1000;
    const consistent =
      (current === null || current - createdAt >= sinceCreation) &&
      (!model.usedSinceInfo || current !== null) &&
      (model.lastUsedAt === null || (current !== null && current >= Date.parse(model.lastUsedAt)));
    expect.that(
      'KEY-LAST-USED',
      consistent,
      `lastUsedAt ${model.usedSinceInfo ? 'set by the last use, ' : ''}at least ${sinceCreation / 1000} s after createdAt, never going back`,
      `lastUsedAt ${lastUsedAt ?? 'null'} (createdAt ${info!.createdAt as string}, previously ${model.lastUsedAt ?? 'null'})`,
      answer.step,
    );
    model.lastUsedAt = lastUsedAt;
    model.usedSinceInfo = false;
  }

  toString = () => 'KeyInfo';
}
