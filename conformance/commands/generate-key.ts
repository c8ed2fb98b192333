import type { LifecycleModel } from '../lifecycle-model.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/** Generate a key with the owner's Bearer token; the previous key becomes a replaced key. */
export class GenerateKey extends LifecycleCommand {
  protected applies = () => true;

  protected async act(model: LifecycleModel, { target, http, expect, surface }: Session): Promise<void> {
    const answer = await http.send({ label: 'generate a key (Bearer)', ...surface.generateKey(target.merchant), headers: bearer(target.bearer) });
    const key: unknown = answer.json?.key;
    expect.that('KEY-FULL-ONCE', answer.status === 200 && typeof key === 'string', '200 with the full key in "key"', describeAnswer(answer), answer.step);
    if (answer.status !== 200 || typeof key !== 'string') return lose(model, `generate answered ${describeAnswer(answer)}`);
    const wellFormed = surface.keyPattern.test(key);
    const fresh = !model.issued.includes(key);
    expect.that('KEY-FORMAT', wellFormed && fresh, `a new key matching ${surface.keyPattern}`, wellFormed ? 'a key issued before' : 'a key in another format', answer.step);
    if (model.live) model.replaced.push(model.live);
    model.live = key;
    model.issued.push(key);
    model.limitedUntil = null;
    model.lastUsedAt = null;
    model.keyIssuedAt = model.clock;
    model.lastUseAt = null;
    model.usedSinceInfo = false;
  }

  toString = () => 'GenerateKey';
}
