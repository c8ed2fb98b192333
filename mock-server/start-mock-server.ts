import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Level, type Logger } from 'pino';
import { createAdminClient, type AdminClient } from './admin/admin-client.js';
import { defaultProfile } from './default-profile.js';
import { ConfigError } from './config-error.js';
import { checkStateDocument } from './admin/check-admin-schema.js';
import { createControlledClock } from './core/clock.js';
import type { State } from './core/state.js';
import { prepareFixtures, type Fixtures, type PreparedFixtures } from './core/fixtures.js';
import { createApp } from './http/create-app.js';
import { createHttpServer } from './http/create-http-server.js';
import { loadFixtures, preparedDefaultFixtures } from './load-fixtures.js';
import { createMockRuntime, type MockRuntime } from './mock-runtime.js';
import { loadProfile } from './profile/load-profile.js';
import type { Profile } from './profile/profile.js';
import { createFileStore, readStateFile } from './store/file-store.js';

/** Options of {@link startMockServer}; every one has a default. */
export interface MockServerOptions {
  /** A built-in profile name or the path of an annotated OpenAPI file. Default: package.json's `authproof.defaultProfile`. */
  profile?: string;
  /**
   * A fixtures file path or object (or {@link prepareFixtures}' result, to hash the passwords while other
   * start-up work runs). Default: `fixtures/<name>.json` for a built-in profile, else none.
   */
  fixtures?: string | Fixtures | PreparedFixtures;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Keep state in this JSON file across restarts, written atomically on every change. */
  stateFile?: string;
  /** Require this Bearer token on `/__admin` (and allow non-loopback admin clients). */
  adminToken?: string;
  /** Requests per window for each rate-limited credential, or `off`. Default: the profile's. */
  rateLimit?: number | 'off';
  /** pino level; default `silent`. Ignored when `logger` is given. */
  logLevel?: Level | 'silent';
  logger?: Logger;
  /** Where the mock's clock starts and whether it stands still. Default: system time, running. */
  clock?: { start?: Date | string | number; frozen?: boolean };
}

/** A running mock. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (loopback when bound to every address). */
  url: string;
  /** Typed client of the admin API. */
  admin: AdminClient;
  profile: Profile;
  /** The fixtures the mock started from (and resets to). */
  fixtures: Fixtures;
  runtime: MockRuntime;
  server: Server;
  /** Stops listening, closes open connections and writes any deferred state. */
  close(): Promise<void>;
}

function toEpoch(value: Date | string | number): number {
  const epoch = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(epoch)) throw new Error(`clock start ${String(value)} is not a date`);
  return epoch;
}

/**
 * Starts a mock on an ephemeral port (by default) for integrators' own tests:
 * `const { url, admin, close } = await startMockServer()`.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const profileName = options.profile ?? defaultProfile;
  const given = options.fixtures;
  // scrypt runs on the thread pool while the profile is read and compiled here.
  const prepared =
    given === undefined
      ? preparedDefaultFixtures(profileName, randomBytes)
      : typeof given === 'object' && 'passwordHashes' in given
        ? given
        : prepareFixtures(typeof given === 'string' ? await loadFixtures(given) : given, randomBytes);
  const profile = await loadProfile(profileName);
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'silent' });
  const clock = createControlledClock({
    source: Date.now,
    start: options.clock?.start === undefined ? undefined : toEpoch(options.clock.start),
    frozen: options.clock?.frozen,
  });

  const stateFile = options.stateFile;
  let initialState;
  if (stateFile !== undefined) {
    try {
      const stored = readStateFile(stateFile);
      if (stored !== undefined) initialState = await checkStateDocument(stored, profile);
    } catch (error) {
      throw new ConfigError(`state file ${stateFile}: ${(error as Error).message}`);
    }
  }
  const createStore =
    stateFile === undefined
      ? undefined
      : (initial: State) => {
          try {
            return createFileStore(stateFile, initial);
          } catch (error) {
            throw new ConfigError(`state file ${stateFile}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
          }
        };
  const runtime = await createMockRuntime({
    profile,
    fixtures: prepared,
    clock,
    random: randomBytes,
    rateLimit: options.rateLimit,
    initialState,
    createStore,
  });

  const app = createApp({ runtime, logger, adminToken: options.adminToken ?? null });
  const server = createHttpServer(app, profile, clock);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached (and administered) through loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  return {
    url,
    admin: createAdminClient(url, options.adminToken),
    profile,
    fixtures: prepared.fixtures,
    runtime,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          try {
            runtime.store.flush();
          } catch (flushError) {
            error ??= flushError as Error;
          }
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
