import type { HttpAnswer } from '../http-client.js';
import type { LifecycleModel } from '../lifecycle-model.js';
import { accepts, keyScheme, type SurfaceOperation } from '../profile/surface.js';
import { bearerHeaders, call, describeAnswer, keyHeaders, type CallOptions, type Session } from '../session.js';

/** KEY-FULL-ONCE: no answer but generate's ever holds a key the target issued. */
function expectNoKey(model: LifecycleModel, session: Session, operation: SurfaceOperation, answer: HttpAnswer): void {
  if (operation.action === 'key.generate' && answer.status >= 200 && answer.status < 300) return;
  const leaked = model.issued.some((key) => answer.text.includes(key));
  session.expect.that('KEY-FULL-ONCE', !leaked, `no full key in the answer of ${operation.operationId}`, 'the full key', answer.step);
}

/**
 * Calls an operation with the owner's Bearer token (see {@link CallOptions}). On an operation of the own
 * merchant that takes the token, an allowlist must not matter (AUTH-IP-BEARER-UNAFFECTED).
 */
export async function callWithBearer(model: LifecycleModel, session: Session, operation: SurfaceOperation, label: string, options: CallOptions = {}): Promise<HttpAnswer> {
  const answer = await call(session, operation, label, bearerHeaders(session), options);
  if (model.allowlisted && options.merchant === undefined && accepts(operation, 'jwt')) {
    const { forbidden } = session.surface.rules;
    session.expect.that('AUTH-IP-BEARER-UNAFFECTED', answer.status !== forbidden, `not ${forbidden} on ${operation.operationId}: the allowlist applies to API keys only`, describeAnswer(answer), answer.step);
  }
  expectNoKey(model, session, operation, answer);
  return answer;
}

/** Calls an operation with an API key (see {@link CallOptions}). */
export async function callWithKey(model: LifecycleModel, session: Session, operation: SurfaceOperation, key: string, label: string, options: CallOptions = {}): Promise<HttpAnswer> {
  const answer = await call(session, operation, label, keyHeaders(session, key), options);
  if (key === model.live) model.livePresented = true;
  expectNoKey(model, session, operation, answer);
  return answer;
}

/** A key that no longer works (replaced or revoked) must be refused on `operation`. */
export async function expectDeadKey(model: LifecycleModel, session: Session, requirement: string, operation: SurfaceOperation, key: string, fate: 'replaced' | 'revoked'): Promise<void> {
  const answer = await callWithKey(model, session, operation, key, `call ${operation.operationId} with the ${fate} key`);
  const invalid = session.surface.rules.invalid(keyScheme(session.surface)!, `credential_${fate}`);
  session.expect.that(requirement, answer.status === invalid, `${invalid} on ${operation.operationId}: a ${fate} key stops working at once and for good`, describeAnswer(answer), answer.step);
}
