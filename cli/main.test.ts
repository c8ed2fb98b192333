import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('./run-conform.js', () => ({
  runConformCommand: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'key')\n    at somewhere (file.js:1:1)");
  },
}));

const { main } = await import('./main.js');

describe('authproof main', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('reports a crash of authproof itself as one line and exit code 4, never 1 (which means a MUST failed)', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await main(['conform']);
    expect(process.exitCode).toBe(4);
    expect(written.join('')).toBe("authproof: internal error: TypeError: Cannot read properties of undefined (reading 'key') (set AUTHPROOF_DEBUG=1 for the stack)\n");
  });
});
