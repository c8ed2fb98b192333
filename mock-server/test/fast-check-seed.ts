/**
 * The seed of every fast-check property in a test file: pinned by default so that runs are reproducible
 * (CI pins it), `FC_SEED=<n>` to replay another, `FC_SEED=random` to explore. Printed so a failure can
 * always be replayed.
 */
export function fastCheckSeed(file: string): number {
  const configured = process.env.FC_SEED;
  const seed = configured === 'random' ? Date.now() % 2 ** 31 : Number(configured ?? 20261122);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or 'random', got ${configured}`);
  console.log(`${file}: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  return seed;
}
