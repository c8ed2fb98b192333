import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStateDocument } from '../admin/check-admin-schema.js';
import { packageRoot } from '../package-root.js';
import { loadProfile } from '../profile/load-profile.js';
import { ALICE_MERCHANT, client, expectProblem, startIterapay } from '../test/iterapay.js';
import { scratchFolder } from '../test/scratch-folder.js';

const folder = () => scratchFolder('authproof-state');

describe('--state-file', () => {
  it('keeps keys, resources and the signing key across a restart', async () => {
    const stateFile = join(folder(), 'state.json');
    const first = await startIterapay({ stateFile });
    const api = client(first);
    const token = await api.login();
    const key = await api.generateKey(token);
    await api.request('POST', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key }, body: { amount: '9.99', type: 'onetime', paymentMethodID: 1 } });
    await first.close();

    const second = await startIterapay({ stateFile });
    try {
      const again = client(second);
      const list = await again.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } });
      expect(list.status).toBe(200);
      expect((await list.json()).total).toBe(1);
      expect((await again.request('GET', `/key/info/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(readFileSync(stateFile, 'utf8')).not.toContain(key);
    } finally {
      await second.close();
    }
  });

  it('writes lifecycle changes at once and batches lastUsedAt, flushing it on close', async () => {
    const stateFile = join(folder(), 'state.json');
    const server = await startIterapay({ stateFile });
    const api = client(server);
    const key = await api.generateKey(await api.login());
    const onDisk = () => JSON.parse(readFileSync(stateFile, 'utf8')) as { keys: Record<string, { lastUsedAt: number | null }> };
    expect(Object.values(onDisk().keys)).toEqual([expect.objectContaining({ lastUsedAt: null })]);
    await api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } });
    expect(Object.values(onDisk().keys)[0]!.lastUsedAt).toBeNull();
    await server.close();
    expect(Object.values(onDisk().keys)[0]!.lastUsedAt).toEqual(expect.any(Number));
  });

  it('makes a change visible only once it is written: a failed write answers 503 and changes nothing', async () => {
    const dir = folder();
    const stateFile = join(dir, 'state.json');
    const server = await startIterapay({ stateFile });
    const api = client(server);
    const token = await api.login();
    const key = await api.generateKey(token);
    const bearer = { authorization: `Bearer ${token}` };
    const useKey = () => api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } });
    // A folder where the temporary file goes makes every write fail.
    const blocker = join(dir, `.state.json.${process.pid}.tmp`);
    mkdirSync(blocker);
    try {
      expect((await expectProblem(await api.request('POST', `/key/generate/${ALICE_MERCHANT}`, { headers: bearer }), 503)).detail).toMatch(/not saved/);
      await expectProblem(await api.request('DELETE', `/key/revoke/${ALICE_MERCHANT}`, { headers: bearer }), 503);
      await expect(server.admin.reset()).rejects.toMatchObject({ status: 503 });
      expect((await useKey()).status).toBe(200);
    } finally {
      rmdirSync(blocker);
      await server.close();
    }
    const restarted = await startIterapay({ stateFile });
    try {
      expect((await client(restarted).request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } })).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('removes temporary files left by a crash and keeps the state file private (0600)', async () => {
    const dir = folder();
    const stateFile = join(dir, 'state.json');
    for (const pid of [12345, process.pid]) writeFileSync(join(dir, `.state.json.${pid}.tmp`), '{"secret": true}', { mode: 0o644 });
    writeFileSync(join(dir, '.other.json.1.tmp'), 'not ours');
    mkdirSync(join(dir, '.state.json.99999.tmp'));
    const server = await startIterapay({ stateFile });
    try {
      expect(readdirSync(dir).sort()).toEqual(['.other.json.1.tmp', '.state.json.99999.tmp', 'state.json']);
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    } finally {
      await server.close();
    }
  });

  it('refuses a corrupt or invalid state file with a message naming it', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'broken.json'), '{"version": 1,');
    await expect(startIterapay({ stateFile: join(dir, 'broken.json') })).rejects.toThrow(/state file .*broken\.json: not valid JSON/);
    writeFileSync(join(dir, 'wrong.json'), '{"version": 1}');
    await expect(startIterapay({ stateFile: join(dir, 'wrong.json') })).rejects.toThrow(/state file .*wrong\.json: .*required property/);
    await expect(startIterapay({ stateFile: join(dir, 'missing-folder', 'state.json') })).rejects.toThrow(/cannot write \(ENOENT\)/);
  });

  it('refuses a state file whose signing key or password hash is broken, with the same one-line message', async () => {
    const dir = folder();
    const stateFile = join(dir, 'state.json');
    const first = await startIterapay({ stateFile });
    await client(first).login();
    await first.close();
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    const damaged = (name: string, change: (copy: any) => void): string => {
      const copy = structuredClone(state);
      change(copy);
      writeFileSync(join(dir, name), JSON.stringify(copy));
      return join(dir, name);
    };
    const brokenD = damaged('broken-d.json', (copy) => (copy.signingKey.privateJwk.d = 'AAAA'));
    await expect(startIterapay({ stateFile: brokenD })).rejects.toThrow(/^state file .*broken-d\.json: the signing key is unusable: [^\n]+$/);
    const publicOnly = damaged('public-only.json', (copy) => delete copy.signingKey.privateJwk.d);
    await expect(startIterapay({ stateFile: publicOnly })).rejects.toThrow(/state file .*public-only\.json: the signing key is unusable/);
    const otherAlg = damaged('other-alg.json', (copy) => (copy.signingKey.alg = 'RS256'));
    await expect(startIterapay({ stateFile: otherAlg })).rejects.toThrow(/state file .*other-alg\.json: the signing key is RS256, the profile signs with ES256/);
    const badHash = damaged('bad-hash.json', (copy) => (Object.values<any>(copy.users)[0].passwordHash = 'plaintext'));
    await expect(startIterapay({ stateFile: badHash })).rejects.toThrow(/state file .*bad-hash\.json: .*passwordHash/);

    const server = await startIterapay();
    try {
      const before = await server.admin.exportState();
      await expect(server.admin.importState(JSON.parse(readFileSync(brokenD, 'utf8')))).rejects.toMatchObject({ status: 400 });
      expect(await server.admin.exportState()).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('is never half-written, even when the process is killed with SIGKILL mid-write', async () => {
    const stateFile = join(folder(), 'state.json');
    for (let round = 0; round < 4; round += 1) {
      const child = spawn(process.execPath, [join(packageRoot, 'bin', 'authproof.js'), 'serve', '--port', '0', '--state-file', stateFile, '--rate-limit', 'off', '--log-level', 'silent']);
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /listening\s+(\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const api = client({ url });
      const key = await api.generateKey(await api.login());
      const writes = Array.from({ length: 200 }, (_, i) =>
        api
          .request('POST', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key }, body: { amount: `${i + 1}.00`, type: 'onetime', paymentMethodID: 1 } })
          .catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 15));
      child.kill('SIGKILL');
      await Promise.all(writes);
      await checkStateDocument(JSON.parse(readFileSync(stateFile, 'utf8')), await loadProfile('iterapay'));
    }
  });
});
