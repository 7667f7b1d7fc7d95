// A throwaway PostgreSQL cluster on 127.0.0.1 that the fault script can stop and start at will
// (scripts/with-postgres.sh starts one around a command, but gives the command no control of it).
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  url: string;
  stop(mode: 'fast' | 'immediate'): void;
  start(): void;
  remove(): void;
}

/** Where PostgreSQL's programs are, or null when it is not installed or this is not root. */
export function postgresBin(): string | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    return versions.length > 0 ? `/usr/lib/postgresql/${versions.at(-1)}/bin` : null;
  } catch {
    return null;
  }
}

/** Creates and starts a cluster with a database `accord` (as the `postgres` user). */
export function createCluster(bin: string): Cluster {
  const root = mkdtempSync(join(tmpdir(), 'accord-faults-pg-'));
  chownSync(root, uidOf('postgres'), gidOf('postgres'));
  const port = 55_000 + Math.floor(Math.random() * 1000);
  const data = join(root, 'data');
  const asPostgres = (program: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
  asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const start = () =>
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      join(root, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c max_connections=100`,
      'start',
    ]);
  start();
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'accord']);
  let removed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/accord`,
    start,
    stop: (mode) => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']),
    remove: () => {
      if (removed) return;
      removed = true;
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
