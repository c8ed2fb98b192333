import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../mock-server/package-root.js';

/** A running `authproof serve` child process. */
export interface ServeProcess {
  url: string;
  pid: number;
  /** True once the process exited without being asked to (a crash). */
  crashed(): boolean;
  /** Resident set size in MB, from /proc (Linux). */
  rssMb(): number;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
}

/** Options of {@link startServe}: the profile and any further `serve` flags. */
export interface ServeOptions {
  profile: string;
  args?: string[];
}

/** Starts `authproof serve` on an ephemeral loopback port and waits for its banner. */
export function startServe(options: ServeOptions): Promise<ServeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(packageRoot, 'bin', 'authproof.js'), 'serve', '--profile', options.profile, '--host', '127.0.0.1', '--port', '0', '--log-level', 'silent', ...(options.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let expected = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    expected = true;
    if (!exited) child.kill(signal);
    await exit;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening\s+(\S+)/.exec(out);
      if (!match) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        url: match[1]!,
        pid: child.pid!,
        crashed: () => exited && !expected,
        rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
        stop: () => end('SIGTERM'),
        kill9: () => end('SIGKILL'),
      });
    });
    void exit.then(() => reject(new Error(`serve exited before listening: ${err.trim()}`)));
  });
}
