import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../core/domain-error.ts';

export interface DataFolderLock {
  path: string;
  release(): void;
}

/**
 * Makes this process the one owner of an embedded database folder: writes `accord.lock` with our
 * pid, recovering the lock of a process that no longer runs. A live owner means a clear error:
 * PGlite has no lock between processes, and a second writer would lose its writes silently.
 */
export function lockDataFolder(dataDir: string, pid = process.pid): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'accord.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          if (ownerOf(path) === pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(path);
      if (owner !== null && owner !== pid && isAlive(owner)) {
        throw new DomainError(
          'data_folder_locked',
          `the data folder ${dataDir} is in use by process ${owner} (a running "accord serve"?): use that server's API, or stop it first`,
        );
      }
      // A stale lock from a process that died: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new DomainError('data_folder_locked', `could not lock the data folder ${dataDir}`);
}

function ownerOf(path: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
