import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

const isIsoDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));

/** Read key info with the owner's Bearer token: fields, no key, lastUsedAt consistent with use. */
export class KeyInfo extends LifecycleCommand {
  protected applies = () => true;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const answer = await http.send({ label: 'read key info (Bearer)', ...surface.keyInfo(target.merchant), headers: bearer(target.bearer) });
    if (model.allowlisted) {
      expect.that('AUTH-IP-BEARER-UNAFFECTED', answer.status !== 403, 'not 403: the allowlist applies to API keys only', describeAnswer(answer), answer.step);
    }
    const live = model.live;
    if (live === null) return;
    const info = answer.json as { createdAt?: unknown; lastUsedAt?: unknown; prefix?: unknown } | undefined;
    const fields =
      answer.status === 200 &&
      isIsoDate(info?.createdAt) &&
      (info?.lastUsedAt === null || isIsoDate(info?.lastUsedAt)) &&
      typeof info?.prefix === 'string' &&
      info.prefix.length > 0 &&
      info.prefix.length < live.length &&
      live.startsWith(info.prefix);
    expect.that('KEY-INFO-FIELDS', fields, '200 with createdAt, lastUsedAt (date or null) and a prefix of the live key', describeAnswer(answer), answer.step);
    expect.that('KEY-FULL-ONCE', !model.issued.some((key) => answer.text.includes(key)), 'no full key in the answer', 'the full key', answer.step);
    if (!fields) return lose(model, `key info answered ${describeAnswer(answer)}`);

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
