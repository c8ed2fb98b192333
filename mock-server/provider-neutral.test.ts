/**
 * Profiles are data: the engine names no provider. Every built-in profile's id and title, and the
 * providers still to come, are absent from mock-server/ code outside tests and test profiles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './package-root.js';
import { builtinProfiles, loadProfile } from './profile/load-profile.js';

const ROOT = join(packageRoot, 'mock-server');
const UPCOMING = ['Paymenter', 'IvoryPay', 'Passport'];

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : engineFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the engine', () => {
  it('names no provider in mock-server/ code', async () => {
    const names = [...UPCOMING];
    for (const name of builtinProfiles()) {
      const profile = await loadProfile(name);
      names.push(profile.id, profile.title);
    }
    const pattern = new RegExp(names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    const files = engineFiles(ROOT);
    expect(files.length).toBeGreaterThan(40);
    const offending = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (pattern.test(line) ? [`${relative(packageRoot, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });
});
