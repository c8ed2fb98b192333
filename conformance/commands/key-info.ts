import type { LifecycleModel } from '../lifecycle-model.js';
import { keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

const isIsoDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));

/** What each key metadata field a profile may document must show, given the live key. */
function expectedFields(live: string, model: Readonly<LifecycleModel>, session: Session): Record<string, { describe: string; holds: (value: unknown) => boolean }> {
  const format = keyScheme(session.surface)!.keyFormat!;
  const shown = live.slice(0, format.displayPrefixLength);
  const mask = format.mask ?? { separator: '...', character: '•', count: 10 };
  const masked = `${shown}${mask.separator}${mask.character.repeat(mask.count)}`;
  const limit = keyScheme(session.surface)!.rateLimit?.limit;
  const prefix = { describe: `the first ${format.displayPrefixLength} characters of the key`, holds: (value: unknown) => value === shown };
  return {
    createdAt: { describe: 'createdAt (ISO 8601)', holds: isIsoDate },
    lastUsedAt: { describe: 'lastUsedAt (ISO 8601, null while the key is unused)', holds: (value) => (value === null ? true : isIsoDate(value) && model.livePresented) },
    prefix,
    keyPrefix: prefix,
    maskedKey: { describe: `maskedKey ${JSON.stringify(`${format.prefix}…${mask.separator}${mask.character.repeat(mask.count)}`)}`, holds: (value) => value === masked },
    active: { describe: 'active true', holds: (value) => value === true },
    ...(limit === undefined ? {} : { rateLimit: { describe: `rateLimit ${limit} (the limit enforced)`, holds: (value: unknown) => value === limit } }),
  };
}

/** The documented fields as the expectation names them. */
function describeFields(documented: readonly string[], session: Session): string {
  const all = expectedFields('', { livePresented: true } as LifecycleModel, session);
  return documented.filter((field) => field in all).map((field) => all[field]!.describe).join(', ');
}

/** The documented fields that are missing or wrong, described (never with a full key). */
function wrongFields(documented: readonly string[], info: Record<string, unknown>, live: string, model: Readonly<LifecycleModel>, session: Session): string[] {
  const expected = expectedFields(live, model, session);
  return documented
    .filter((field) => field in expected && !expected[field]!.holds(info[field]))
    .map((field) => (field in info ? `${field} ${typeof info[field] === 'string' ? `of ${(info[field] as string).length} characters` : JSON.stringify(info[field])}` : `no ${field}`));
}

/** Read key info with the owner's Bearer token: every documented field right, no key, lastUsedAt consistent with use. */
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
    const info = answer.json as Record<string, unknown> | undefined;
    const dated = answer.status === this.info.successStatus && isIsoDate(info?.createdAt) && (info?.lastUsedAt === null || isIsoDate(info?.lastUsedAt));
    const wrong = answer.status === this.info.successStatus ? wrongFields(this.info.responseFields, info ?? {}, live, model, session) : [describeAnswer(answer)];
    expect.that(
      'KEY-INFO-FIELDS',
      dated && wrong.length === 0,
      `${this.info.successStatus} with ${describeFields(this.info.responseFields, session)}`,
      wrong.length > 0 ? wrong.join('; ') : `createdAt ${String(info?.createdAt)}, lastUsedAt ${String(info?.lastUsedAt)}`,
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
