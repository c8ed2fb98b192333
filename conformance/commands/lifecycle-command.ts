import type fc from 'fast-check';
import type { LifecycleModel } from '../lifecycle-model.js';
import type { Session } from '../session.js';

/**
 * A step of the model-based run (fast-check's `AsyncCommand`): `check()` reads the model only, `run()`
 * talks HTTP only and updates the model from what the target answered, `toString()` is the replayable step.
 */
export abstract class LifecycleCommand implements fc.AsyncCommand<LifecycleModel, Session> {
  /** Whether the command makes sense in this model state (ignoring whether the model is lost). */
  protected abstract applies(model: Readonly<LifecycleModel>): boolean;
  protected abstract act(model: LifecycleModel, session: Session): Promise<void>;
  abstract toString(): string;

  check(model: Readonly<LifecycleModel>): boolean {
    return model.lost === null && this.applies(model);
  }

  run(model: LifecycleModel, session: Session): Promise<void> {
    return model.lost === null ? this.act(model, session) : Promise.resolve();
  }
}

/** Stops the model: the target answered something the suite cannot follow (judged by another requirement). */
export function lose(model: LifecycleModel, reason: string): void {
  model.lost ??= reason;
}
