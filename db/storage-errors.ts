// Errors that say the storage cannot take a write right now — a full disk, a read-only file or
// disk, an input/output error — as opposed to a bug. The app answers them with 503 and a
// Retry-After (nothing was half-written: the transaction rolled back), keeps serving reads, and
// recovers by itself when the disk has room again.

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

export type StorageProblem = 'full' | 'readonly' | 'io' | 'busy';

/** Which storage problem an error is, or null when it is none. */
export function storageProblem(error: unknown): StorageProblem | null {
  const code = codeOf(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readonly';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io';
  // Only after the busy timeout has run out: another process held the write lock that long.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return null;
}

export const isStorageError = (error: unknown): boolean => storageProblem(error) !== null;

/** The reason in plain words, to follow a path in a start-up message; null when it is no storage error. */
export function storageReason(error: unknown): string | null {
  switch (storageProblem(error)) {
    case 'full':
      return 'cannot be written: the disk is full';
    case 'readonly':
      return 'cannot be written: no permission to write it or its folder, or the disk is read-only';
    case 'io':
      return 'cannot be written: the disk reported an input/output error';
    case 'busy':
      return 'is locked by another process (another server, a backup or a restore)';
    default:
      return null;
  }
}
