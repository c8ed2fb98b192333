import { emptyCounts, judge, type Counts } from './counts.js';
import { openSession } from './open-session.js';
import type { ProfileSurface } from './profile-surface.js';
import { sendRaw } from './raw-http.js';
import { startServe } from './serve-process.js';

/** A seeded PRNG (mulberry32), so that a storm can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One malformed request: raw bytes, and whether it is a HEAD (whose answer must have no body). */
interface Malformed {
  bytes: string;
  head?: boolean;
}

interface StormContext {
  pick: <T>(items: readonly T[]) => T;
  text: (length: number, alphabet?: string) => string;
  paths: string[];
  key: string;
  keyHeader: string;
}

const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&\'()*+,;=% "<>\\^`{|}';
const END = 'Connection: close\r\n\r\n';

/** Every kind of malformed request the storm sends, each built from the seeded random source. */
const KINDS: ReadonlyArray<(context: StormContext) => Malformed> = [
  ({ text }) => ({ bytes: `${text(40, `${PRINTABLE}\x00\x01\x7f\t`)}\r\n\r\n` }),
  ({ pick, paths }) => ({ bytes: `F@O ${pick(paths)} HTTP/1.1\r\nHost: h\r\n${END}` }),
  ({ pick, paths }) => ({ bytes: `GET ${pick(paths)} HTTP/${pick(['9.9', '1.x', '2.0', '0.9'])}\r\nHost: h\r\n${END}` }),
  ({ pick, paths }) => {
    const method = pick(['GET', 'HEAD', 'POST']);
    return { bytes: `${method} ${pick(paths)} HTTP/1.1\r\n${END}`, head: method === 'HEAD' };
  },
  ({ pick, paths, text }) => {
    const method = pick(['GET', 'HEAD']);
    return { bytes: `${method} ${pick(paths)} HTTP/1.1\r\nHost: h\r\nExpect: ${text(8)}\r\n${END}`, head: method === 'HEAD' };
  },
  ({ pick }) => ({ bytes: `CONNECT ${pick(['example.com:443', '127.0.0.1:22', '[::1]:80'])} HTTP/1.1\r\nHost: example.com\r\n\r\n` }),
  ({ pick, paths }) => {
    const method = pick(['GET', 'HEAD']);
    return { bytes: `${method} ${pick(paths)} HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(pick([20_000, 40_000, 80_000]))}\r\n${END}`, head: method === 'HEAD' };
  },
  ({ pick, paths, text }) => ({ bytes: `GET ${pick(paths)} HTTP/1.1\r\nHost: h\r\nX-Bad: ${text(10, '\x01\x02\x7f\x00abc')}\r\n${END}` }),
  ({ pick, paths }) => ({ bytes: `GET ${pick(paths)} HTTP/1.1\r\nHost: h\r\nno colon here\r\n${END}` }),
  ({ pick, paths }) => ({ bytes: `POST ${pick(paths)} HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n${END}0\r\n\r\n` }),
  ({ pick, paths }) => ({ bytes: `POST ${pick(paths)} HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n${END}{}` }),
  ({ pick, paths }) => ({ bytes: `POST ${pick(paths)} HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n${END}zz\r\nnot a chunk\r\n0\r\n\r\n` }),
  ({ pick, paths, key, keyHeader }) => {
    const body = pick(['{"amount":', 'null', '[]', '"x"', '{"amount":"1.00","type":"onetime","paymentMethodID":1,"x":1}', 'x'.repeat(200_000)]);
    const type = pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16']);
    const credential = pick([`${keyHeader}: ${key}\r\n`, '', 'Authorization: Bearer x.y.z\r\n']);
    return { bytes: `POST ${pick(paths)} HTTP/1.1\r\nHost: h\r\n${credential}Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${END}${body}` };
  },
  ({ pick, text }) => ({
    bytes: `GET ${pick(['/%E0%A4%A', '/%', `/${'a/'.repeat(3000)}`, '/../../etc/passwd', '/%00', `/${text(30)}`, '//', '/__admin/%ff'])} HTTP/1.1\r\nHost: h\r\n${END}`,
  }),
  ({ pick, paths, text, keyHeader }) => {
    const credential = pick([
      `Authorization: Bearer ${text(60)}`,
      `Authorization: Basic ${text(20)}`,
      `Authorization: ${text(30)}`,
      `${keyHeader}: ${text(50)}`,
      `${keyHeader}:`,
      'Authorization: Bearer a\r\nAuthorization: Bearer b',
    ]);
    return { bytes: `GET ${pick(paths)} HTTP/1.1\r\nHost: h\r\n${credential}\r\n${END}` };
  },
  ({ pick, text }) => {
    const method = pick(['POST', 'PUT', 'DELETE']);
    const path = pick(['/__admin/reset', '/__admin/state', '/__admin/clock', '/__admin/users', '/__admin/journal', `/__admin/${text(8)}`]);
    const cross = pick(['Origin: https://evil.example\r\n', 'Origin: null\r\n', 'Content-Type: text/plain\r\nContent-Length: 2\r\n']);
    return { bytes: `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${cross}${END}${cross.includes('Length') ? '{}' : ''}` };
  },
  ({ pick, paths }) => {
    const method = pick(['PATCH', 'PUT', 'OPTIONS', 'TRACE', 'DELETE', 'HEAD', 'FOO']);
    return { bytes: `${method} ${pick(paths)} HTTP/1.1\r\nHost: h\r\n${END}`, head: method === 'HEAD' };
  },
  ({ pick, paths }) => ({ bytes: pick([`GET http://h${pick(paths)} HTTP/1.1\r\nHost: h\r\n${END}`, `OPTIONS * HTTP/1.1\r\nHost: h\r\n${END}`, `GET ${pick(paths)} HTTP/1.0\r\n\r\n`]) }),
  ({ pick, paths }) => ({ bytes: `GET ${pick(paths)} HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, close\r\nUpgrade: ${pick(['websocket', 'h2c', 'x'])}\r\n\r\n` }),
];

/** Options of {@link runStorm}. */
export interface StormOptions {
  requests: number;
  seed: number;
  concurrency: number;
}

/**
 * The malformed-input storm: many requests of every kind in {@link KINDS} against an in-memory mock;
 * counts 5xx answers, error answers outside the profile's dialect (and bodies on HEAD, and no answer), and
 * crashes.
 */
export async function runStorm(surface: ProfileSurface, options: StormOptions): Promise<Counts> {
  const counts = emptyCounts();
  const server = await startServe({ profile: surface.profile.id, args: ['--rate-limit', 'off'] });
  try {
    const { key } = await openSession(server.url, surface);
    const random = createRandom(options.seed);
    const keyScheme = surface.profile.schemes.find((scheme) => scheme.credential === 'merchant-key')!;
    const context: StormContext = {
      pick: (items) => items[Math.floor(random() * items.length)]!,
      text: (length, alphabet = PRINTABLE) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      paths: [...new Set(surface.profile.operations.map((operation) => operation.path.replace(/\{[^}]+\}/g, surface.merchantId)))],
      key,
      keyHeader: keyScheme.location.kind === 'header' ? keyScheme.location.header : 'X-Api-Key',
    };
    // Drawn up front, so that the seed alone replays the storm whatever the interleaving.
    const requests = Array.from({ length: options.requests }, () => context.pick(KINDS)(context));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < requests.length && !server.crashed()) {
        const index = next++;
        const request = requests[index]!;
        const sent = `request ${index} (${JSON.stringify(request.bytes.slice(0, 120))})`;
        judge(counts, surface, await sendRaw(server.url, request.bytes), { head: request.head, sent });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    if (server.crashed()) counts.crashes += 1;
    await server.stop();
  }
  return counts;
}
