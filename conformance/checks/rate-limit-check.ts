import fc from 'fast-check';
import { BurstPastLimit } from '../commands/burst-past-limit.js';
import { ClearAllowlist } from '../commands/clear-allowlist.js';
import { GenerateKey } from '../commands/generate-key.js';
import type { LifecycleCommand } from '../commands/lifecycle-command.js';
import { UseAnotherKey } from '../commands/use-another-key.js';
import { WaitOutLimit } from '../commands/wait-out-limit.js';
import { initialModel, type LifecycleModel } from '../lifecycle-model.js';
import { proveWithProperty, type Check } from './check.js';

/**
 * One bounded scenario, the same on every target: a fresh key, a burst past the limit, another key while
 * the first is limited, then the window passes (the clock is moved where possible, else real time, at
 * most the window) and the key works again.
 */
export const rateLimitCheck: Check = async (context, requirement) => {
  const sequence: LifecycleCommand[] = [new ClearAllowlist(), new GenerateKey(), new BurstPastLimit()];
  if (context.target.capabilities.has('other-account')) sequence.push(new UseAnotherKey());
  sequence.push(new WaitOutLimit());
  let lost: string | null = null;
  return proveWithProperty(
    context,
    requirement,
    fc.constant(sequence),
    async (commands, session) => {
      const model: LifecycleModel = initialModel();
      await fc.asyncModelRun(() => ({ model, real: session }), commands);
      lost ??= model.lost;
    },
    { runs: 1, notExercised: () => (lost ? `the scenario stopped: ${lost}` : 'the scenario did not reach it') },
  );
};
