import { Command, CommanderError } from 'commander';
import { conformCommand } from './conform-command.js';
import { EXIT } from './exit-codes.js';
import { packageVersion } from './package-version.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';
import { verifyPactCommand } from './verify-pact-command.js';

/** Usage errors as one line on stderr (`authproof: error: …`), and no exit from inside commander. */
function conventions(command: Command): Command {
  return command
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(`authproof: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`) });
}

/**
 * Runs the authproof CLI with `argv` (the arguments after the script path) and sets `process.exitCode`
 * ({@link EXIT}): 0 on success, 1 when `conform` finds a MUST failing or `verify-pact` a failing
 * interaction, 2 on a usage error (bad flag, unreadable fixtures, profile or pact, port in use), 3 when
 * `conform` cannot prove a MUST or `verify-pact` cannot verify an interaction, 4 when authproof itself
 * fails — one line on stderr, never a stack trace.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = conventions(new Command('authproof'))
    .description('Stateful mocks and conformance proofs for payment-API authentication.')
    .version(packageVersion)
    .addCommand(conventions(serveCommand()))
    .addCommand(conventions(conformCommand()))
    .addCommand(conventions(verifyPactCommand()));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`authproof: error: ${error.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`authproof: internal error: ${detail.split('\n')[0]} (set AUTHPROOF_DEBUG=1 for the stack)\n`);
    if (process.env.AUTHPROOF_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT.internal;
  }
}
