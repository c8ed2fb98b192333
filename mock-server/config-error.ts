/**
 * A problem with what the mock was asked to load — profile, fixtures, state file, port — rather than a
 * bug. The CLI prints its message as one line and exits with 2.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
