import type { LifecycleModel } from '../lifecycle-model.js';
import { keyPatternOf, keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { describeAnswer, type Session } from '../session.js';
import { callWithBearer, expectDeadKey } from './calls.js';
import { LifecycleCommand, lose } from './lifecycle-command.js';

/**
 * Generate a key with the owner's Bearer token. The previous key becomes a replaced key and is tried at
 * once on one of the API-key operations (no grace period).
 */
export class GenerateKey extends LifecycleCommand {
  /** @param generate the key.generate operation; `probe` is the operation the replaced key is tried on at once. */
  constructor(
    readonly generate: SurfaceOperation,
    readonly probe?: SurfaceOperation,
  ) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, session: Session): Promise<void> {
    const answer = await callWithBearer(model, session, this.generate, `generate a key (${this.generate.operationId}, Bearer)`);
    const key: unknown = answer.json?.key;
    const issued = answer.status === this.generate.successStatus && typeof key === 'string';
    session.expect.that('KEY-FULL-ONCE', issued, `${this.generate.successStatus} with the full key in "key"`, describeAnswer(answer), answer.step);
    if (!issued) return lose(model, `generate answered ${describeAnswer(answer)}${answer.status < 300 ? ' without a key' : ''}`);
    const pattern = keyPatternOf(keyScheme(session.surface)!);
    const wellFormed = pattern.test(key);
    const fresh = !model.issued.includes(key);
    session.expect.that('KEY-FORMAT', wellFormed && fresh, `a new key matching ${pattern}`, wellFormed ? 'a key issued before' : 'a key in another format', answer.step);
    const previous = model.live;
    // A key the target issues again is live again: the model follows it (KEY-FORMAT has judged it).
    model.replaced = model.replaced.filter((old) => old !== key);
    model.revoked = model.revoked.filter((old) => old !== key);
    if (previous && previous !== key) model.replaced.push(previous);
    model.live = key;
    model.issued.push(key);
    model.limitedUntil = null;
    model.lastUsedAt = null;
    model.keyIssuedAt = model.clock;
    model.lastUseAt = null;
    model.usedSinceInfo = false;
    model.livePresented = false;
    if (previous && previous !== key && this.probe) await expectDeadKey(model, session, 'KEY-SINGLE-ACTIVE', this.probe, previous, 'replaced');
  }

  toString = () => `GenerateKey(${this.probe?.operationId ?? ''})`;
}
