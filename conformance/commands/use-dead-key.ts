import type { LifecycleModel } from '../lifecycle-model.js';
import type { SurfaceOperation } from '../profile/surface.js';
import type { Session } from '../session.js';
import { expectDeadKey } from './calls.js';
import { LifecycleCommand } from './lifecycle-command.js';

const REQUIREMENT = { replaced: 'KEY-SINGLE-ACTIVE', revoked: 'KEY-REVOKED-REJECTED' } as const;

/** Call an API-key operation, any time later, with a key that a newer key replaced or that was revoked. */
export class UseDeadKey extends LifecycleCommand {
  constructor(
    readonly fate: 'replaced' | 'revoked',
    readonly pick: number,
    readonly operation: SurfaceOperation,
  ) {
    super();
  }

  protected applies = (model: Readonly<LifecycleModel>) => model[this.fate].length > 0;

  protected act(model: LifecycleModel, session: Session): Promise<void> {
    const keys = model[this.fate];
    return expectDeadKey(model, session, REQUIREMENT[this.fate], this.operation, keys[this.pick % keys.length]!, this.fate);
  }

  toString = () => `UseDeadKey(${this.fate}, ${this.pick}, ${this.operation.operationId})`;
}
