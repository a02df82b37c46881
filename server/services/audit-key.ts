// The audit key: 32 random bytes that sign the audit chain (services/audit.ts), kept in a file
// outside the database — by default `audit.key` in the data folder (DATA_DIR, else the database's
// folder), or AUDIT_KEY_FILE. Generated on the first start with permissions 0600; a database whose
// log was signed refuses to open without its key (restore the file from where its copy is kept),
// and refuses another key, so a lost or swapped key is noticed at once instead of every entry
// written afterwards looking forged.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditCheckpoints } from '../../db/schema.js';
import type { Config } from '../config.js';
import { attachAuditKey, AuditKeyError, type AuditKey } from './audit.js';

export const AUDIT_KEY_FILE_NAME = 'audit.key';

/** Where the key file is: AUDIT_KEY_FILE, else audit.key in the data folder. */
export const auditKeyPath = (config: Pick<Config, 'DATABASE_PATH' | 'DATA_DIR' | 'AUDIT_KEY_FILE'>) =>
  resolve(config.AUDIT_KEY_FILE ?? join(config.DATA_DIR ?? dirname(config.DATABASE_PATH), AUDIT_KEY_FILE_NAME));

const FORMAT = /^([0-9a-f]{64})\s*$/;

/** Reads the key file; null when there is none. */
export function readAuditKey(path: string): Buffer | null {
  if (!existsSync(path)) return null;
  const match = FORMAT.exec(readFileSync(path, 'utf8'));
  if (!match) throw new AuditKeyError(`${path} is not an audit key (64 hexadecimal characters expected)`);
  return Buffer.from(match[1]!, 'hex');
}

/** Writes a new key with permissions 0600; when another process was first, its key is used. */
function createAuditKey(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readAuditKey(path)!;
    throw error;
  }
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600);
  return key;
}

/**
 * Loads the key (creating it when the log was never signed), attaches it to the connection and
 * anchors the log. Call once after the migrations, before anything is audited.
 */
export function useAuditKey(db: Db, path: string): AuditKey {
  let key = readAuditKey(path);
  if (!key) {
    const signed = db.select({ keyId: auditCheckpoints.keyId }).from(auditCheckpoints).where(eq(auditCheckpoints.kind, 'keyed')).get();
    if (signed) {
      throw new AuditKeyError(
        `the audit key file ${path} is missing, but this audit log was signed with key ${signed.keyId}: put the key file back from where its copy is kept (see README, Audit log)`,
      );
    }
    key = createAuditKey(path);
  }
  return attachAuditKey(db, key);
}
