import type { DialectName } from '../../profile/profile.js';
import type { DialectRenderer } from './dialect-renderer.js';
import { renderEnvelope } from './envelope.js';
import { renderLaravel } from './laravel.js';
import { renderNest } from './nest.js';
import { renderOauth2 } from './oauth2.js';
import { renderProblemJson } from './problem-json.js';

/** One renderer per error dialect, by the name a profile selects it with. */
export const dialectRenderers: Readonly<Record<DialectName, DialectRenderer>> = {
  'problem-json': renderProblemJson,
  nest: renderNest,
  laravel: renderLaravel,
  oauth2: renderOauth2,
  envelope: renderEnvelope,
};
