#!/usr/bin/env node
// The authproof CLI. `npm run build` (run by `npm test`, `npm start` and `npm pack`) compiles dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('authproof: internal error: dist/ is missing; run `npm run build` first\n');
  process.exit(4);
}
let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  process.stderr.write(`authproof: internal error: ${String(error?.message ?? error).split('\n')[0]}\n`);
  process.exit(4);
}
await main(process.argv.slice(2));
