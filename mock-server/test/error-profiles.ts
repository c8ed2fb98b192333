/** Test-only profiles of the error catalogue and dialects (not shipped in spec/), with their fixtures. */
import { join } from 'node:path';
import type { Fixtures } from '../core/fixtures.js';
import { packageRoot } from '../package-root.js';

/** `nest` with provider codes; a JWT on an API-key operation gets 401, a key on a Bearer operation 403. */
export const NEST_CODES_PROFILE = join(packageRoot, 'mock-server', 'test', 'nest-codes.openapi.yaml');

/** `envelope`; a wrong key gets 400 "Invalid key", a missing one 401 "Unauthorized". */
export const ENVELOPE_CODES_PROFILE = join(packageRoot, 'mock-server', 'test', 'envelope-codes.openapi.yaml');

export const CAROL = { id: '0b6f3a2e-6c1d-4f8e-9a7b-2c3d4e5f6a01', email: 'carol@example.com', password: 'carol-password' };
export const CAROL_MERCHANT = '7d2e9c4b-1a3f-4e6d-8b5c-0f9e8d7c6b01';

/** Two accounts with one merchant each, for the test profiles. */
export const ERROR_PROFILE_FIXTURES: Fixtures = {
  users: [
    { ...CAROL, merchants: [{ id: CAROL_MERCHANT, name: "Carol's Shop" }] },
    {
      id: '4e8a1c7f-3b2d-4a9e-b6c5-7d8e9f0a1b02',
      email: 'dave@example.com',
      password: 'dave-password',
      merchants: [{ id: '9a8b7c6d-5e4f-4a3b-9c1d-e2f3a4b5c602', name: "Dave's Shop" }],
    },
  ],
};
