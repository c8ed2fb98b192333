import fc from 'fast-check';
import { BurstPastLimit } from '../commands/burst-past-limit.js';
import { ClearAllowlist } from '../commands/clear-allowlist.js';
import { GenerateKey } from '../commands/generate-key.js';
import type { LifecycleCommand } from '../commands/lifecycle-command.js';
import { UseAnotherKey } from '../commands/use-another-key.js';
import { WaitOutLimit } from '../commands/wait-out-limit.js';
import { initialModel, type LifecycleModel } from '../lifecycle-model.js';
import { operationSets } from '../operation-sets.js';
import { proveWithProperty, type Check } from './check.js';

/**
 * One bounded scenario, shared by every rate-limit requirement: a fresh key, a burst of the limit and one
 * more request, another account's key while the first is limited, then Retry-After passes (the clock is
 * moved where possible, else real time, at most the window) and the key works again.
 */
export const rateLimitCheck: Check = async (context, active) => {
  const { generate, clearAllowlist, keyOperations } = operationSets(context.coverage);
  // A merchant's own GET operation is the cheapest to repeat.
  const operation = keyOperations.find((candidate) => candidate.method === 'GET' && candidate.merchantParam !== undefined) ?? keyOperations[0];
  if (!generate || !operation) return { kind: 'skipped', reason: 'the target serves no key.generate operation and API-key operation to burst' };
  const sequence: LifecycleCommand[] = [...(clearAllowlist ? [new ClearAllowlist(clearAllowlist)] : []), new GenerateKey(generate), new BurstPastLimit(operation)];
  if (context.target.capabilities.has('other-account')) sequence.push(new UseAnotherKey(generate, operation));
  sequence.push(new WaitOutLimit(operation));
  return proveWithProperty(
    context,
    'rate-limit',
    active,
    fc.constant(sequence),
    async (commands, session) => {
      const model: LifecycleModel = initialModel();
      await fc.asyncModelRun(() => ({ model, real: session }), commands);
      if (model.lost) context.ledger.explain('check:rate-limit', `the scenario stopped: ${model.lost}`);
    },
    { runs: 1 },
  );
};
