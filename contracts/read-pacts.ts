import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A provider state as a pact names it (V2's `providerState`, V3/V4's `providerStates`). */
export interface PactProviderState {
  name: string;
  params: Record<string, unknown>;
}

/** One interaction of a pact file. */
export interface PactInteraction {
  description: string;
  providerStates: PactProviderState[];
  /** False for V4 message interactions, which `verify-pact` does not check. */
  http: boolean;
}

/** A pact file, read and checked. */
export interface PactFile {
  path: string;
  consumer: string;
  provider: string;
  /** The Pact specification version of the file, e.g. `3.0.0`. */
  specification: string;
  interactions: PactInteraction[];
}

/** A file or folder that does not hold Pact files (a usage error). */
export class PactReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PactReadError';
  }
}

function specificationOf(metadata: Record<string, unknown> | undefined): string {
  const entry = (metadata?.pactSpecification ?? metadata?.['pact-specification'] ?? metadata?.pactSpecificationVersion) as { version?: unknown } | string | undefined;
  const version = typeof entry === 'string' ? entry : entry?.version;
  return typeof version === 'string' ? version : '2.0.0';
}

function statesOf(interaction: Record<string, unknown>): PactProviderState[] {
  if (Array.isArray(interaction.providerStates)) {
    return (interaction.providerStates as Array<{ name?: unknown; params?: unknown }>).map((state) => ({
      name: String(state.name ?? ''),
      params: typeof state.params === 'object' && state.params !== null ? (state.params as Record<string, unknown>) : {},
    }));
  }
  return typeof interaction.providerState === 'string' ? [{ name: interaction.providerState, params: {} }] : [];
}

/**
 * Reads one Pact file (specification V2 to V4).
 * @throws {PactReadError} when it cannot be read, is not JSON, is not a pact, or has another specification.
 */
export function readPactFile(path: string): PactFile {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    throw new PactReadError(`pact ${path} ${reason}`);
  }
  const consumer = (document?.consumer as { name?: unknown } | undefined)?.name;
  const provider = (document?.provider as { name?: unknown } | undefined)?.name;
  if (typeof consumer !== 'string' || typeof provider !== 'string' || !Array.isArray(document.interactions)) {
    throw new PactReadError(`${path} is not a Pact file: it needs consumer.name, provider.name and interactions`);
  }
  const specification = specificationOf(document.metadata as Record<string, unknown> | undefined);
  const major = Number(specification.split('.')[0]);
  if (!(major >= 2 && major <= 4)) throw new PactReadError(`pact ${path} follows Pact specification ${specification}; verify-pact reads V2 to V4`);
  const interactions = (document.interactions as Array<Record<string, unknown>>).map((interaction) => ({
    description: String(interaction.description ?? ''),
    providerStates: statesOf(interaction),
    http: interaction.type === undefined || interaction.type === 'Synchronous/HTTP',
  }));
  return { path, consumer, provider, specification, interactions };
}

/**
 * Reads the Pact files named: each path is a file, or a folder whose `*.json` files are all pacts.
 * @throws {PactReadError} naming the first path that does not hold a pact.
 */
export function readPacts(paths: readonly string[]): PactFile[] {
  return paths.flatMap((path) => {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      throw new PactReadError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    if (!isFolder) return [readPactFile(path)];
    const files = readdirSync(path).filter((name) => name.endsWith('.json')).sort();
    if (files.length === 0) throw new PactReadError(`${path} holds no Pact files (*.json)`);
    return files.map((name) => readPactFile(join(path, name)));
  });
}
