import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../mock-server/package-root.js';
import { conformCommand } from './conform-command.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';
import { verifyPactCommand } from './verify-pact-command.js';

const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

/** Usage errors as one line on stderr (`authproof: error: …`), and no exit from inside commander. */
function conventions(command: Command): Command {
  return command
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(`authproof: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`) });
}

/**
 * Runs the authproof CLI with `argv` (the arguments after the script path) and sets `process.exitCode`:
 * 0 on success, 1 when `conform` finds a MUST failing or `verify-pact` a failing interaction, 2 on a usage
 * error (bad flag, unreadable fixtures, profile or pact, port in use), 3 when `verify-pact` could not verify
 * an interaction, 4 on an internal error (one line on stderr, no stack trace).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = conventions(new Command('authproof'))
    .description('Stateful mocks and conformance proofs for payment-API authentication.')
    .version(version)
    .addCommand(conventions(serveCommand()))
    .addCommand(conventions(conformCommand()))
    .addCommand(conventions(verifyPactCommand()));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`authproof: error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`authproof: internal error: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 4;
  }
}
