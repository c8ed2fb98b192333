import { fork } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../mock-server/package-root.js';
import type { ExchangeEvent, PactMismatch, StateEvent, VerifierJob, VerifierReply } from './pact-verifier-worker.js';
import type { PactFile, PactInteraction } from './read-pacts.js';

/** How one interaction ended. */
export type InteractionStatus = 'passed' | 'failed' | 'incomplete';

/** One interaction's verdict, with the reasons in plain words. */
export interface InteractionVerdict {
  pact: PactFile;
  interaction: PactInteraction;
  status: InteractionStatus;
  /** Empty when passed; for a failure each mismatch, for an incomplete interaction why it could not be verified. */
  reasons: string[];
  durationMs: number;
}

/** Options of {@link verifyPacts}. */
export interface VerifyPactsOptions {
  pacts: PactFile[];
  providerBaseUrl: string;
  /** Pact's provider-state setup URL (e.g. the mock's `/__admin/provider-states`), or null. */
  providerStatesUrl: string | null;
  /**
   * Adds what the request carried and what its operation accepts to a status mismatch, e.g.
   * `to an API key on a Bearer-only operation (POST /key/generate/{merchantID})`.
   */
  describeExchange?: (exchange: ExchangeEvent) => string;
}

/** The verifier itself failed (could not start, crashed): not a verdict on the provider. */
export class VerifierCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierCrash';
  }
}

const WORKER = join(packageRoot, 'dist', 'contracts', 'pact-verifier-worker.js');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function runWorker(job: VerifierJob): Promise<Exclude<VerifierReply, { crash: string }>> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let reply: VerifierReply | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.once('message', (message: VerifierReply) => {
      reply = message;
    });
    child.once('error', (error) => reject(new VerifierCrash(`cannot start Pact's verifier: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (reply && 'json' in reply) resolve(reply);
      else if (reply) reject(new VerifierCrash(reply.crash));
      else {
        const last = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
        reject(new VerifierCrash(`Pact's verifier stopped (${signal ?? `exit code ${code}`})${last ? `: ${last.replace(ANSI, '').slice(0, 300)}` : ''}`));
      }
    });
    child.send(job);
  });
}

/** The verifier's calls split per interaction: each begins with its first state setup. */
function splitPerInteraction(events: Array<StateEvent | ExchangeEvent>): Array<{ states: StateEvent[]; exchanges: ExchangeEvent[] }> {
  const slots: Array<{ states: StateEvent[]; exchanges: ExchangeEvent[] }> = [];
  let previous: StateEvent | ExchangeEvent | undefined;
  for (const event of events) {
    const startsInteraction = event.kind === 'state' && event.action === 'setup' && !(previous?.kind === 'state' && previous.action === 'setup');
    if (startsInteraction || slots.length === 0) slots.push({ states: [], exchanges: [] });
    const slot = slots[slots.length - 1]!;
    if (event.kind === 'state') slot.states.push(event);
    else slot.exchanges.push(event);
    previous = event;
  }
  return slots;
}

function providerSays(exchange: ExchangeEvent | undefined): string {
  if (!exchange?.body) return '';
  try {
    const body = JSON.parse(exchange.body) as Record<string, unknown>;
    const said = body.detail ?? body.message ?? body.error_description ?? body.error;
    return typeof said === 'string' && said !== '' ? `: "${said}"` : '';
  } catch {
    return '';
  }
}

/** One Pact mismatch in plain words; a status mismatch also says what was sent and what the provider said. */
export function explainMismatch(mismatch: PactMismatch, exchange: ExchangeEvent | undefined, describe?: (exchange: ExchangeEvent) => string): string {
  const text = (mismatch.mismatch ?? JSON.stringify(mismatch)).replace(ANSI, '');
  switch (mismatch.type) {
    case 'StatusMismatch':
      return `expected ${String(mismatch.expected)}, the provider answers ${String(mismatch.actual)}${exchange && describe ? ` ${describe(exchange)}` : ''}${providerSays(exchange)}`;
    case 'HeaderMismatch':
      return `header ${mismatch.key ?? ''}: ${text}`;
    case 'BodyMismatch':
      return `body ${mismatch.path ?? '$'}: ${text}`;
    default:
      return text;
  }
}

function parseDuration(text: string | undefined): number {
  const match = /^([\d.]+)(ms|s)$/.exec(text ?? '');
  return match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : 0;
}

/**
 * Verifies pacts with Pact's own `Verifier` (in a child process, so that its console output stays out of
 * ours) and gives each interaction a verdict: passed; failed, naming each mismatch; or incomplete, saying
 * why it could not be verified (a provider state that could not be set up, a message interaction).
 * @throws {VerifierCrash} when the verifier cannot run.
 */
export async function verifyPacts(options: VerifyPactsOptions): Promise<InteractionVerdict[]> {
  const { json, events } = await runWorker({
    pactFiles: options.pacts.map((pact) => pact.path),
    providerBaseUrl: options.providerBaseUrl,
    providerStatesUrl: options.providerStatesUrl,
  });
  const results = json.interactionResults ?? [];
  const slots = splitPerInteraction(events);
  const slotsLineUp = slots.length === results.length;
  const pending = options.pacts.flatMap((pact) => pact.interactions.map((interaction) => ({ pact, interaction })));
  const errors = [...(json.errors ?? [])];

  return results.map((result, index): InteractionVerdict => {
    const at = pending.findIndex(({ interaction }) => interaction.description === result.description);
    if (at < 0) throw new VerifierCrash(`Pact's verifier reported an interaction the pacts do not hold: ${result.description}`);
    const [{ pact, interaction }] = pending.splice(at, 1) as [{ pact: PactFile; interaction: PactInteraction }];
    const slot = slotsLineUp ? slots[index] : undefined;
    const durationMs = parseDuration(result.duration);
    if (!interaction.http) return { pact, interaction, status: 'incomplete', reasons: ['a message interaction: verify-pact checks HTTP interactions only'], durationMs };
    const stateFailures = (slot?.states ?? []).filter((event) => event.action === 'setup' && event.failure !== null);
    if (stateFailures.length > 0) {
      const reasons = stateFailures.map((event) => `provider state '${event.state}' could not be set up: ${event.failure}`);
      return { pact, interaction, status: 'incomplete', reasons, durationMs };
    }
    if (result.result === 'OK') return { pact, interaction, status: 'passed', reasons: [], durationMs };
    const errorAt = errors.findIndex((error) => error.interaction === result.description || error.interaction.endsWith(` - ${result.description}`));
    const error = errorAt < 0 ? undefined : errors.splice(errorAt, 1)[0];
    const exchange = slot?.exchanges[slot.exchanges.length - 1];
    if (error?.mismatch.type === 'mismatches') {
      const mismatches = [...(error.mismatch.mismatches ?? [])].sort((a, b) => Number(b.type === 'StatusMismatch') - Number(a.type === 'StatusMismatch'));
      return { pact, interaction, status: 'failed', reasons: mismatches.map((mismatch) => explainMismatch(mismatch, exchange, options.describeExchange)), durationMs };
    }
    const message = (error?.mismatch.message ?? 'Pact reported an error without details').replace(ANSI, '');
    // No answer from the provider: the interaction could not be verified.
    if (!exchange || exchange.status === 0) return { pact, interaction, status: 'incomplete', reasons: [message], durationMs };
    return { pact, interaction, status: 'failed', reasons: [message], durationMs };
  });
}
