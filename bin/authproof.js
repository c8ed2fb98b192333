#!/usr/bin/env node
// The authproof CLI. `npm ci` compiles the TypeScript sources into dist/ (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('authproof: error: dist/ is missing; run `npm ci` or `npm run build` first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));
