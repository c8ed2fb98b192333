import fc from 'fast-check';
import { AdvanceClock } from '../commands/advance-clock.js';
import { ClearAllowlist } from '../commands/clear-allowlist.js';
import { GenerateKey } from '../commands/generate-key.js';
import { KeyInfo } from '../commands/key-info.js';
import type { LifecycleCommand } from '../commands/lifecycle-command.js';
import { RevokeKey } from '../commands/revoke-key.js';
import { SetAllowlist } from '../commands/set-allowlist.js';
import { UseBearer } from '../commands/use-bearer.js';
import { UseDeadKey } from '../commands/use-dead-key.js';
import { UseLiveKey } from '../commands/use-live-key.js';
import { UseOnOtherMerchant } from '../commands/use-on-other-merchant.js';
import { UseWrongKind } from '../commands/use-wrong-kind.js';
import { ReadOtherAccountRecord } from '../commands/read-other-account-record.js';
import { initialModel, type LifecycleModel } from '../lifecycle-model.js';
import { operationSets } from '../operation-sets.js';
import { accepts, type SurfaceOperation } from '../profile/surface.js';
import { bearerHeaders, call } from '../session.js';
import { proveWithProperty, splitReplayPath, type Check } from './check.js';

/**
 * The model-based property: random sequences of generate, revoke, info, uses of the live, a replaced and a
 * revoked key on every API-key operation, the Bearer token on every Bearer operation, wrong-kind and
 * other-merchant calls on every operation they apply to, allowlist changes and clock moves — checked
 * against a small model. The first run is a tour that takes every command over every operation it
 * applies to, so every requirement is exercised on every operation whatever the seed.
 */
export const lifecycleCheck: Check = async (context, active) => {
  const { capabilities } = context.target;
  const sets = operationSets(context.coverage);
  const { generate, info, revoke, setAllowlist, clearAllowlist, keyOperations, bearerOperations, singleKindOperations } = sets;
  const accountRecords = capabilities.has('other-account') ? sets.accountRecords : [];
  if (!generate || keyOperations.length === 0) return { kind: 'skipped', reason: 'the target serves no key.generate operation and API-key operation to run the key lifecycle on' };
  const otherMerchant = capabilities.has('other-merchant');
  const merchantOperations = otherMerchant ? sets.merchantOperations : [];
  const pickKeyOperation = fc.constantFrom(...keyOperations);
  const otherMerchantCalls: Array<[SurfaceOperation, boolean]> = merchantOperations.flatMap((operation) =>
    [true, false].filter((withKey) => accepts(operation, withKey ? 'merchant-key' : 'jwt')).map((withKey): [SurfaceOperation, boolean] => [operation, withKey]),
  );

  // Uses and info reads are what integrations do most; listing them more than once makes them likelier.
  const commands: fc.Arbitrary<LifecycleCommand>[] = [
    fc.option(pickKeyOperation, { nil: undefined }).map((probe) => new GenerateKey(generate, probe)),
    pickKeyOperation.map((operation) => new UseLiveKey(operation)),
    pickKeyOperation.map((operation) => new UseLiveKey(operation)),
    fc.tuple(fc.constantFrom<'replaced' | 'revoked'>('replaced', 'revoked'), fc.nat(9), pickKeyOperation).map(([fate, pick, operation]) => new UseDeadKey(fate, pick, operation)),
  ];
  if (revoke) commands.push(fc.option(pickKeyOperation, { nil: undefined }).map((probe) => new RevokeKey(revoke, probe)));
  if (info) commands.push(fc.constant(new KeyInfo(info)), fc.constant(new KeyInfo(info)));
  if (bearerOperations.length > 0) commands.push(fc.constantFrom(...bearerOperations).map((operation) => new UseBearer(operation)));
  if (singleKindOperations.length > 0) commands.push(fc.constantFrom(...singleKindOperations).map((operation) => new UseWrongKind(operation)));
  if (setAllowlist && clearAllowlist) commands.push(fc.constant(new SetAllowlist(setAllowlist)), fc.constant(new ClearAllowlist(clearAllowlist)));
  if (otherMerchantCalls.length > 0) commands.push(fc.constantFrom(...otherMerchantCalls).map(([operation, withKey]) => new UseOnOtherMerchant(operation, withKey)));
  if (accountRecords.length > 0) commands.push(fc.constantFrom(...accountRecords).map(({ create, read }) => new ReadOtherAccountRecord(generate, create, read)));
  if (capabilities.has('clock')) commands.push(fc.integer({ min: 1, max: 7200 }).map((seconds) => new AdvanceClock(seconds)));

  // Every run starts with a key; a deployment that cannot be reset also has an unknown allowlist to clear.
  const prefix: LifecycleCommand[] = [...(!capabilities.has('clock') && clearAllowlist ? [new ClearAllowlist(clearAllowlist)] : []), new GenerateKey(generate)];
  const later = capabilities.has('clock') ? [new AdvanceClock(3600)] : [];
  const useAll = () => keyOperations.map((operation) => new UseLiveKey(operation));
  const tour: LifecycleCommand[] = [
    ...useAll(),
    ...(info ? [new KeyInfo(info), ...later, new UseLiveKey(keyOperations[0]!), new KeyInfo(info)] : []),
    ...bearerOperations.map((operation) => new UseBearer(operation)),
    new GenerateKey(generate, keyOperations[0]),
    ...keyOperations.map((operation) => new UseDeadKey('replaced', 0, operation)),
    ...singleKindOperations.map((operation) => new UseWrongKind(operation)),
    ...otherMerchantCalls.map(([operation, withKey]) => new UseOnOtherMerchant(operation, withKey)),
    ...accountRecords.map(({ create, read }) => new ReadOtherAccountRecord(generate, create, read)),
    ...(setAllowlist && clearAllowlist
      ? [new SetAllowlist(setAllowlist), ...useAll(), ...bearerOperations.map((operation) => new UseBearer(operation)), ...(info ? [new KeyInfo(info)] : []), new ClearAllowlist(clearAllowlist), ...useAll()]
      : []),
    ...(revoke ? [new RevokeKey(revoke, keyOperations[0]), ...keyOperations.map((operation) => new UseDeadKey('revoked', 0, operation))] : []),
    ...later,
    ...keyOperations.map((operation) => new UseDeadKey('replaced', 0, operation)),
    ...(revoke ? keyOperations.map((operation) => new UseDeadKey('revoked', 0, operation)) : []),
    new GenerateKey(generate, keyOperations[0]),
    ...useAll(),
  ];

  return proveWithProperty(
    context,
    'lifecycle',
    active,
    fc.commands(commands, { maxCommands: 30, size: 'large', replayPath: splitReplayPath(context.replayPath).commands }) as fc.Arbitrary<Iterable<LifecycleCommand>>,
    async (sequence, session) => {
      const model: LifecycleModel = initialModel();
      try {
        await fc.asyncModelRun(() => ({ model, real: session }), [...prefix, ...sequence]);
      } finally {
        if (model.lost) context.ledger.explain('check:lifecycle', `the model lost track of the target: ${model.lost}`);
        // A deployment that cannot be reset keeps what the run left: never leave its key locked to a foreign address.
        if (!capabilities.has('clock') && model.allowlisted && clearAllowlist) {
          await call(session, clearAllowlist, 'clean up: clear the allowlist', bearerHeaders(session));
        }
      }
    },
    { examples: [tour] },
  );
};
