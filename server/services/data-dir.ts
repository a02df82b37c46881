// The data folder (DATA_DIR, else the database's folder) holds the attachments and the audit key:
// it must be a folder the server can write into. Checked before either is used, so a wrong setting
// stops the start with one line naming it.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StartupError } from '../../db/client.js';
import { storageReason } from '../../db/storage-errors.js';
import type { Config } from '../config.js';

type Folders = Pick<Config, 'DATA_DIR' | 'DATABASE_PATH'>;

/** The folder attachments live in: DATA_DIR, or the database's folder, then /attachments. */
export const attachmentsDir = (config: Folders) => join(resolve(config.DATA_DIR ?? dirname(config.DATABASE_PATH)), 'attachments');

/** The data folder must be a folder the server can write its attachments into. */
export function checkDataDir(config: Folders, dir = attachmentsDir(config)) {
  const named = config.DATA_DIR ? `DATA_DIR=${config.DATA_DIR}` : `DATA_DIR (unset: the database's folder, ${dirname(resolve(config.DATABASE_PATH))})`;
  const root = dirname(dir);
  const stat = (() => {
    try {
      return statSync(root);
    } catch {
      return null;
    }
  })();
  if (stat && !stat.isDirectory()) throw new StartupError(`Cannot use the data folder: ${named} is a file, not a folder`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = storageReason(error) ?? (code === 'EACCES' || code === 'EPERM' ? 'cannot be written: no permission' : code === 'ENOTDIR' ? 'lies under a file, not a folder' : (error as Error).message);
    throw new StartupError(`Cannot use the data folder: ${named} ${reason}`);
  }
}

