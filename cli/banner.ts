import type { Fixtures } from '../mock-server/core/fixtures.js';
import type { Profile } from '../mock-server/profile/profile.js';

/** What the start banner describes. */
export interface BannerInput {
  url: string;
  /** The address bound, when it is not the URL's host (e.g. 0.0.0.0). */
  host: string;
  profile: Profile;
  fixtures: Fixtures;
  rateLimit: number | 'off' | undefined;
  stateFile: string | undefined;
  adminToken: boolean;
}

/** The text `authproof serve` prints once it listens: where, what, who, and the first curl to run. */
export function formatBanner(input: BannerInput): string {
  const { url, profile, fixtures } = input;
  const limited = profile.schemes.filter((scheme) => scheme.rateLimit);
  const rate =
    input.rateLimit === 'off' || limited.length === 0
      ? 'off'
      : limited.map((scheme) => `${input.rateLimit ?? scheme.rateLimit!.limit} requests / ${scheme.rateLimit!.windowSeconds} s per ${scheme.name} credential`).join('; ');
  const lines = [
    `authproof mock — ${profile.title} (profile ${profile.id})`,
    `  listening   ${url}${url.includes(`//${input.host}:`) ? '' : `  (bound to ${input.host})`}`,
    `  spec        ${profile.source}`,
    `  admin API   ${url}/__admin  (${input.adminToken ? 'admin token required' : 'loopback clients only'})`,
    `  rate limit  ${rate}`,
    `  state       ${input.stateFile ? `${input.stateFile} (kept across restarts)` : 'in memory'}`,
    '',
    'Fixture accounts:',
  ];
  for (const user of fixtures.users) {
    const merchants = (user.merchants ?? []).map((merchant) => `${merchant.id} (${merchant.name})`).join(', ');
    lines.push(`  ${user.email} / ${user.password}  →  ${merchants ? `merchant ${merchants}` : `account ${user.id}`}`);
  }
  if (fixtures.users.length === 0) lines.push('  none — seed users with POST /__admin/users');
  const login = profile.operations.find((operation) => operation.action.name === 'auth.login');
  const first = fixtures.users[0];
  if (login && first) {
    lines.push(
      '',
      'Try:',
      `  curl -s -X ${login.method.toUpperCase()} ${url}${login.path} -H 'Content-Type: application/json' \\`,
      `       -d '${JSON.stringify({ email: first.email, password: first.password })}'`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}
