import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../mock-server/package-root.js';
import { conformCommand } from './conform-command.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';

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
 * 0 on success, 1 when `conform` finds a MUST failing, 2 on a usage error (bad flag, unreadable fixtures or
 * profile, port in use).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = conventions(new Command('authproof'))
    .description('Stateful mocks and conformance proofs for payment-API authentication.')
    .version(version)
    .addCommand(conventions(serveCommand()))
    .addCommand(conventions(conformCommand()));
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
    throw error;
  }
}
