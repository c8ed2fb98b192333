import type { KeySchemeContext } from './core/actions/action.js';
import { ConfigError } from './config-error.js';
import type { ControlledClock } from './core/clock.js';
import { prepareFixtures, stateFromFixtures, type Fixtures, type PreparedFixtures } from './core/fixtures.js';
import { createJournal, type Journal } from './core/journal.js';
import { createLoginThrottle, type LoginThrottle } from './core/login-throttle.js';
import type { RandomSource } from './core/random.js';
import { createRateLimiter, type RateLimiter } from './core/rate-limiter.js';
import type { State } from './core/state.js';
import { createTokenService, type TokenService } from './core/tokens.js';
import { jwtScheme, type OperationDefinition, type Profile } from './profile/profile.js';
import { createRequestValidator, type RequestValidator } from './profile/request-validator.js';
import { createMemoryStore, type StateStore } from './store/state-store.js';

/** Options of {@link createMockRuntime}. */
export interface MockRuntimeOptions {
  profile: Profile;
  /** The fixtures, possibly with their password hashes already under way. */
  fixtures: Fixtures | PreparedFixtures;
  clock: ControlledClock;
  random: RandomSource;
  /** Overrides every scheme's `x-authproof-rate-limit` limit, or turns rate limiting off. */
  rateLimit?: number | 'off';
  /** Start from this state (a `--state-file`) instead of the fixtures. */
  initialState?: State;
  /** Where state lives; default in memory. */
  createStore?: (initial: State) => StateStore;
}

/** Everything a running mock holds besides Express: state, clock, limiters, journal, token service. */
export interface MockRuntime {
  readonly profile: Profile;
  readonly clock: ControlledClock;
  readonly random: RandomSource;
  readonly store: StateStore;
  readonly journal: Journal;
  /** Null when the profile has no `jwt` scheme. */
  readonly tokens: TokenService | null;
  /** Failed logins per account (`x-authproof-jwt.loginAttempts`); null when the profile sets none. */
  readonly loginThrottle: LoginThrottle | null;
  readonly validator: RequestValidator;
  /** The limiter of a scheme, or null when it has no rate limit or limiting is off. */
  limiterFor(schemeName: string): RateLimiter | null;
  /** The API-key schemes an operation's `key.*` action acts on: its `schemes` option, else all of the profile's. */
  keySchemesFor(operation: OperationDefinition): readonly KeySchemeContext[];
  /** Back to the fixtures; clears limiters (login attempts too) and the journal; keeps the clock and the signing key. */
  reset(): void;
  /** Replaces the whole state (already validated); clears limiters. */
  replaceState(state: State): void;
}

/** Builds a {@link MockRuntime}; the fixtures are hashed once, here, and reused by every reset. */
export async function createMockRuntime(options: MockRuntimeOptions): Promise<MockRuntime> {
  const { profile, clock, random } = options;
  const keyDefinitions = profile.schemes.filter((scheme) => scheme.credential === 'merchant-key');
  const { fixtures, passwordHashes } = 'passwordHashes' in options.fixtures ? options.fixtures : prepareFixtures(options.fixtures, random);
  let fixtureState: State;
  try {
    fixtureState = stateFromFixtures(fixtures, await passwordHashes, keyDefinitions.map((scheme) => ({ name: scheme.name, format: scheme.keyFormat! })), clock.now());
  } catch (error) {
    throw new ConfigError(`fixtures: ${(error as Error).message}`);
  }
  const jwtPolicy = jwtScheme(profile)?.jwt;

  const store = (options.createStore ?? createMemoryStore)(options.initialState ?? fixtureState);

  const limiters = new Map<string, RateLimiter>();
  if (options.rateLimit !== 'off') {
    for (const scheme of profile.schemes) {
      if (scheme.rateLimit) {
        limiters.set(scheme.name, createRateLimiter({ ...scheme.rateLimit, limit: options.rateLimit ?? scheme.rateLimit.limit }));
      }
    }
  }
  const loginThrottle = jwtPolicy?.loginAttempts ? createLoginThrottle(jwtPolicy.loginAttempts) : null;
  const resetLimiters = (): void => {
    limiters.forEach((limiter) => limiter.reset());
    loginThrottle?.reset();
  };

  const tokens = jwtPolicy
    ? createTokenService({
        clock,
        random,
        policy: jwtPolicy,
        signingKey: {
          get: () => store.get().signingKey,
          set: (signingKey) => store.set({ ...store.get(), signingKey }),
        },
      })
    : null;

  const keySchemes: KeySchemeContext[] = keyDefinitions.map((scheme) => ({
    name: scheme.name,
    format: scheme.keyFormat!,
    generate: scheme.generate,
    rateLimit: limiters.get(scheme.name)?.policy.limit ?? null,
  }));
  const journal = createJournal();
  return {
    profile,
    clock,
    random,
    store,
    journal,
    tokens,
    loginThrottle,
    validator: createRequestValidator(profile),
    limiterFor: (schemeName) => limiters.get(schemeName) ?? null,
    keySchemesFor: (operation) => {
      const names = operation.action.options.schemes;
      return names === undefined ? keySchemes : keySchemes.filter((scheme) => names.includes(scheme.name));
    },
    reset() {
      store.set({ ...fixtureState, signingKey: store.get().signingKey });
      resetLimiters();
      journal.clear();
    },
    replaceState(state) {
      store.set({ ...state, signingKey: state.signingKey ?? store.get().signingKey });
      resetLimiters();
    },
  };
}
