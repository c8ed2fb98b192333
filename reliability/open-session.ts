import { send } from './counts.js';
import type { ProfileSurface } from './profile-surface.js';

/** Logs the surface's fixture user in; the Bearer token. */
export async function logIn(url: string, surface: ProfileSurface): Promise<string> {
  return (JSON.parse((await send(url, surface.login)).body) as { token: string }).token;
}

/** Logs in and generates a key for the surface's merchant: a token and a live key to work with. */
export async function openSession(url: string, surface: ProfileSurface): Promise<{ token: string; key: string }> {
  const token = await logIn(url, surface);
  const { key } = JSON.parse((await send(url, surface.generate(surface.merchantId, token))).body) as { key: string };
  return { token, key };
}
