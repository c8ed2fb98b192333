import type { LifecycleModel } from '../lifecycle-model.js';
import type { Session } from '../session.js';
import { LifecycleCommand } from './lifecycle-command.js';

/** Move the target's clock (capability clock); rate-limit windows pass with it. */
export class AdvanceClock extends LifecycleCommand {
  constructor(readonly seconds: number) {
    super();
  }

  protected applies = () => true;

  protected async act(model: LifecycleModel, { target }: Session): Promise<void> {
    await target.advanceClock!(this.seconds);
    model.clock += this.seconds;
    if (model.limitedUntil !== null && model.clock >= model.limitedUntil) model.limitedUntil = null;
  }

  toString = () => `AdvanceClock(${this.seconds} s)`;
}
