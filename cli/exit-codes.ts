import type { Verdict } from '../conformance/run-conformance.js';

/**
 * authproof's exit codes, the same for every command that judges a target:
 * 0 conformant (or a command that succeeded), 1 a MUST failed, 2 a usage error, 3 incomplete (a MUST could
 * not be proven: the reason is printed), 4 authproof itself failed (one line on stderr).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3, internal: 4 } as const;

/** The exit code of a verdict. */
export function exitCodeOf(verdict: Verdict): number {
  return verdict === 'CONFORMANT' ? EXIT.ok : verdict === 'INCOMPLETE' ? EXIT.incomplete : EXIT.failed;
}

/** The exit codes as `--help` and the README list them. */
export const EXIT_CODES_HELP = `Exit status: 0 CONFORMANT (every applicable MUST proven), 1 NOT CONFORMANT (a MUST failed),
2 usage error, 3 INCOMPLETE (no MUST failed, but a MUST could not be proven — the reason is printed),
4 authproof itself failed (one line on stderr).`;
