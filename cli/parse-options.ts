import { InvalidArgumentError } from 'commander';

/** commander parser: a TCP port, 0–65535. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return Number(value);
}

/** commander parser: a positive whole number of requests, or `off`. */
export function parseRateLimit(value: string): number | 'off' {
  if (value === 'off') return 'off';
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("expected a positive whole number or 'off'.");
  return Number(value);
}

/** commander parser: a positive whole number. */
export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive whole number.');
  return Number(value);
}
