import fc from 'fast-check';
import { AdvanceClock } from '../commands/advance-clock.js';
import { ClearAllowlist } from '../commands/clear-allowlist.js';
import { GenerateKey } from '../commands/generate-key.js';
import { KeyInfo } from '../commands/key-info.js';
import type { LifecycleCommand } from '../commands/lifecycle-command.js';
import { RevokeKey } from '../commands/revoke-key.js';
import { SetAllowlist } from '../commands/set-allowlist.js';
import { UseLiveKey } from '../commands/use-live-key.js';
import { UseOnOtherMerchant } from '../commands/use-on-other-merchant.js';
import { UseReplacedKey } from '../commands/use-replaced-key.js';
import { UseRevokedKey } from '../commands/use-revoked-key.js';
import { UseWrongKind } from '../commands/use-wrong-kind.js';
import { initialModel, type LifecycleModel } from '../lifecycle-model.js';
import { bearer } from '../session.js';
import { proveWithProperty, splitReplayPath, type Check } from './check.js';

/**
 * The model-based property: random sequences of generate, revoke, info, use (live, replaced, revoked key),
 * wrong-kind and other-merchant calls, allowlist changes and clock moves, checked against a small model.
 */
export const lifecycleCheck: Check = async (context, requirement) => {
  const { capabilities } = context.target;
  // Uses and info reads are what integrations do most; listing them more than once makes them likelier.
  const commands: fc.Arbitrary<LifecycleCommand>[] = [
    fc.constant(new GenerateKey()),
    fc.constant(new RevokeKey()),
    fc.constant(new KeyInfo()),
    fc.constant(new KeyInfo()),
    fc.constant(new UseLiveKey()),
    fc.constant(new UseLiveKey()),
    fc.constant(new UseLiveKey()),
    fc.nat(9).map((pick) => new UseReplacedKey(pick)),
    fc.nat(9).map((pick) => new UseRevokedKey(pick)),
    fc.boolean().map((keyOnBearer) => new UseWrongKind(keyOnBearer)),
    fc.constant(new SetAllowlist()),
    fc.constant(new ClearAllowlist()),
  ];
  if (capabilities.has('other-merchant')) commands.push(fc.boolean().map((withKey) => new UseOnOtherMerchant(withKey)));
  if (capabilities.has('clock')) commands.push(fc.integer({ min: 1, max: 7200 }).map((seconds) => new AdvanceClock(seconds)));
  // Every run starts with a key; a deployment that cannot be reset also has an unknown allowlist to clear.
  const prefix: LifecycleCommand[] = capabilities.has('clock') ? [new GenerateKey()] : [new ClearAllowlist(), new GenerateKey()];
  let lost: string | null = null;

  return proveWithProperty(
    context,
    requirement,
    fc.commands(commands, { maxCommands: 30, size: 'large', replayPath: splitReplayPath(context.replayPath).commands }),
    async (sequence, session) => {
      const model: LifecycleModel = initialModel();
      try {
        await fc.asyncModelRun(() => ({ model, real: session }), [...prefix, ...sequence]);
      } finally {
        lost ??= model.lost;
        // A deployment that cannot be reset keeps what the run left: never leave its key locked to a foreign address.
        if (!capabilities.has('clock') && model.allowlisted) {
          const { method, path } = session.surface.clearAllowlist(session.target.merchant);
          await session.http.send({ label: 'clean up: clear the allowlist', method, path, headers: bearer(session.target.bearer) });
        }
      }
    },
    { notExercised: () => (lost ? `the model lost track of the target: ${lost}` : 'no random sequence reached it') },
  );
};
