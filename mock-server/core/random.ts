/** Returns `size` uniformly random bytes. Adapters inject `crypto.randomBytes`; tests inject a seeded source. */
export type RandomSource = (size: number) => Uint8Array;

/**
 * A string of `length` characters drawn uniformly from `alphabet`, by rejection sampling so that no
 * character is more likely than another.
 */
export function randomFromAlphabet(random: RandomSource, alphabet: string, length: number): string {
  const n = alphabet.length;
  if (n < 2 || n > 256) throw new RangeError(`alphabet must have 2 to 256 characters, got ${n}`);
  const ceiling = 256 - (256 % n);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length - out.length + 8)) {
      if (byte < ceiling) out += alphabet[byte % n];
      if (out.length === length) break;
    }
  }
  return out;
}

/** An RFC 9562 version 4 UUID from the injected source. */
export function randomUuid(random: RandomSource): string {
  const b = Uint8Array.from(random(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
