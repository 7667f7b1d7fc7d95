import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from './data-folder-lock.ts';

describe('lockDataFolder', () => {
  it('gives the folder to one process and refuses another live one with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-lock-'));
    const lock = lockDataFolder(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    // Our parent is alive: pretend it holds the lock.
    writeFileSync(lock.path, JSON.stringify({ pid: process.ppid }));
    expect(() => lockDataFolder(dir)).toThrow(/in use by process \d+ .*use that server's API/);
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid }));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('recovers the stale lock of a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'accord.lock'), JSON.stringify({ pid: Number(dead.stdout) }));
    const lock = lockDataFolder(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('recovers a lock file that is not readable JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-lock-'));
    writeFileSync(join(dir, 'accord.lock'), 'garbage');
    lockDataFolder(dir).release();
  });
});
