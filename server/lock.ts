// One process at a time owns a database for writing its files around it: the server while it runs,
// `npm run restore` while it replaces the database. The owner's pid is kept in `<DATABASE_PATH>.lock`;
// a lock whose process is gone (a crash, kill -9) is stale and taken over — also when another
// process has since been given the same pid (after a restart), told apart by its start time.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StartupError } from '../db/client.js';

export const lockPathOf = (databasePath: string) => `${resolve(databasePath)}.lock`;

/** When a process started (Linux: /proc/PID/stat, field 22), to tell it from a later one with its pid. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock still runs (not merely another one that got its pid). */
function alive(pid: number, started: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTimeOf(pid);
  return !started || !now || now === started;
}

/** The pid holding the database, or null when nobody (or a process that is gone) does. */
export function lockHolder(databasePath: string): { pid: number; owner: string } | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(databasePath), 'utf8');
  } catch {
    return null;
  }
  const [pidText, owner = 'server', started] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid, started)) return null;
  return { pid, owner };
}

/** Takes the database for `owner` ('server', 'restore'); returns the release. */
export function acquireLock(databasePath: string, owner: string, variable = 'DATABASE_PATH'): () => void {
  if (databasePath === ':memory:') return () => {};
  const path = lockPathOf(databasePath);
  const holder = lockHolder(databasePath);
  if (holder) {
    const who = holder.owner === 'restore' ? 'a restore (npm run restore)' : 'a running server';
    throw new StartupError(`Cannot open the database: ${variable}=${databasePath} is in use by ${who}, process ${holder.pid}; stop it first`);
  }
  const temp = `${path}.${process.pid}.${Date.now()}`;
  try {
    writeFileSync(temp, `${process.pid} ${owner} ${startTimeOf(process.pid) ?? ''}`.trim() + '\n');
    rmSync(path, { force: true });
    // link() fails if another process took the lock in between: only one wins.
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new StartupError(`Cannot open the database: ${variable}=${databasePath} was just taken by another process; try again`);
    // A folder we cannot write to: the database's own checks will name the reason.
    if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EROFS' && code !== 'ENOSPC' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
    return () => {};
  } finally {
    rmSync(temp, { force: true });
  }
  return () => {
    const mine = (() => {
      try {
        return Number(readFileSync(path, 'utf8').split(/\s+/)[0]) === process.pid;
      } catch {
        return false;
      }
    })();
    if (mine) rmSync(path, { force: true });
  };
}
