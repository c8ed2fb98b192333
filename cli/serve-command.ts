import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { ConfigError } from '../mock-server/config-error.js';
import { prepareFixtures } from '../mock-server/core/fixtures.js';
import { loadFixtures, preparedDefaultFixtures } from '../mock-server/load-fixtures.js';
import { formatBanner } from './banner.js';
import { parsePort, parseRateLimit } from './parse-options.js';
import { UsageError } from './usage-error.js';
import { defaultProfile } from '../mock-server/default-profile.js';

interface ServeOptions {
  profile: string;
  port: number;
  host: string;
  fixtures?: string;
  stateFile?: string;
  adminToken?: string;
  rateLimit?: number | 'off';
  logLevel: string;
}

/** `authproof serve`: the stateful mock on a fixed port, with a banner and clean shutdown. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve a profile as a stateful mock (default: IteraPay on 127.0.0.1:4010)')
    .option('--profile <name|path>', 'built-in profile name or path of an annotated OpenAPI 3.1 file', defaultProfile)
    .option('--port <n>', 'TCP port', parsePort, 4010)
    .option('--host <address>', 'address to bind; the admin API still answers loopback clients only', '127.0.0.1')
    .option('--fixtures <path>', 'JSON file of seed users and merchants (schema: fixtures/fixtures.schema.json)')
    .option('--state-file <path>', 'keep state in this JSON file across restarts (written atomically)')
    .addOption(
      new Option('--admin-token <token>', 'require Authorization: Bearer <token> on /__admin and allow non-loopback admin clients').env(
        'AUTHPROOF_ADMIN_TOKEN',
      ),
    )
    .option('--rate-limit <n|off>', "requests per window for each rate-limited credential, or 'off' (default: the profile's)", parseRateLimit)
    .addOption(
      new Option('--log-level <level>', 'log level (logs go to stderr as JSON lines; requests are logged at debug)')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ authproof serve
  $ authproof serve --port 8080 --rate-limit off
  $ authproof serve --fixtures ./my-fixtures.json --state-file ./.authproof-state.json
  $ AUTHPROOF_ADMIN_TOKEN=s3cret authproof serve --host 0.0.0.0`,
    )
    .action(async (options: ServeOptions) => {
      const logger = pino({ level: options.logLevel }, pino.destination({ dest: 2, sync: true }));
      let server;
      try {
        // Hash the fixture passwords on the thread pool while the server's modules load (the shipped ones were at build).
        const fixtures = options.fixtures ? prepareFixtures(await loadFixtures(options.fixtures), randomBytes) : preparedDefaultFixtures(options.profile, randomBytes);
        const { startMockServer } = await import('../mock-server/start-mock-server.js');
        server = await startMockServer({
          profile: options.profile,
          fixtures,
          host: options.host,
          port: options.port,
          stateFile: options.stateFile,
          adminToken: options.adminToken,
          rateLimit: options.rateLimit,
          logger,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} on ${options.host} is already in use (try --port)`);
        if (code === 'EADDRNOTAVAIL') throw new UsageError(`cannot bind ${options.host}: no such local address`);
        if (code === 'EACCES') throw new UsageError(`no permission to bind ${options.host}:${options.port}`);
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new UsageError(`cannot resolve --host ${options.host}`);
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
      }
      process.stdout.write(
        `${formatBanner({
          url: server.url,
          host: options.host,
          profile: server.profile,
          fixtures: server.fixtures,
          rateLimit: options.rateLimit,
          stateFile: options.stateFile,
          adminToken: options.adminToken !== undefined,
        })}\n`,
      );
      const stop = (): void => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
