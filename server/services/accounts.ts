// Accounts: users and their roles and groups, sign-in with throttling, sessions with idle and
// absolute timeouts, personal API tokens. Every change is audited in its own transaction.
import { and, asc, count, eq, gte, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { apiTokens, feedTokens, groups, loginAttempts, loginRefusals, roles, sessions, userGroups, users, type Role } from '../../db/schema.js';
import { generatePassword, hashPassword, randomSecret, sameSecret, sha256, verifyPassword } from '../auth/passwords.js';
import type { SessionUser } from '../auth/policy.js';
import { parseInput, ValidationError } from '../forms.js';
import { HttpError } from '../http-errors.js';
import { isStorageError } from '../../db/storage-errors.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { nowOf } from './now.js';

export interface AccountSettings {
  passwordMinLength: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

export const THROTTLE_WINDOW_MINUTES = 15;
/** Feed tokens read as such at a glance (API tokens start with sgyy_). */
export const FEED_TOKEN_PREFIX = 'sgyyfeed_';
export const THROTTLE_MAX_FAILURES = 5;
/** User names kept in a window's refusal count, for the summary entry. */
const REFUSAL_NAMES_KEPT = 10;

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{2,40}$/, { message: 'validation.username' });
const groupIdsSchema = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()).max(100),
);

export type SignInResult =
  | { ok: true; user: SessionUser; token: string; csrf: string }
  | { ok: false; reason: 'failed' | 'throttled' | 'disabled' };

const publicUser = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  disabled: users.disabled,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
};

/**
 * A write that only keeps books (a session's idle timer, a token's last use): when the disk is full
 * or read-only it is skipped, so that signed-in users can go on reading.
 */
function bookkeeping(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}

export function createAccountService(db: Db, settings: AccountSettings) {
  const passwordSchema = z.string().min(settings.passwordMinLength, { message: 'validation.passwordShort' }).max(200);
  const passwordError = () => ({ key: 'validation.passwordShort', params: { n: settings.passwordMinLength } });

  function checkPassword(password: unknown, field = 'password') {
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) throw new ValidationError({ [field]: passwordError() });
    return parsed.data;
  }

  function groupIdsOf(userId: number): number[] {
    return db.select({ id: userGroups.groupId }).from(userGroups).where(eq(userGroups.userId, userId)).all().map((r) => r.id);
  }

  function sessionUser(userId: number): SessionUser | null {
    const user = db.select().from(users).where(eq(users.id, userId)).get();
    if (!user || user.disabled) return null;
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, groupIds: groupIdsOf(user.id) };
  }

  function assertGroupsExist(ids: number[]) {
    if (!ids.length) return;
    const found = db.select({ id: groups.id }).from(groups).where(inArray(groups.id, ids)).all().length;
    if (found !== new Set(ids).size) throw new ValidationError({ groupIds: { key: 'validation.group' } });
  }

  function activeAdmins(exceptUserId: number): number {
    return (
      db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptUserId)))
        .get()?.n ?? 0
    );
  }

  /** A new session for a user who has proved who they are: its token (for the cookie) and CSRF token. */
  function startSession(userId: number, client: { ip: string | null; userAgent: string | null }, tx: DbOrTx = db) {
    const token = randomSecret();
    const csrf = randomSecret(24);
    const now = new Date().toISOString();
    tx.insert(sessions)
      .values({ id: sha256(token), userId, csrfToken: csrf, createdAt: now, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null })
      .run();
    return { token, csrf };
  }

  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const windowOf = (ms: number) => new Date(Math.floor(ms / windowMs) * windowMs).toISOString();

  /** A sign-in refused while locked: counted for its address and window, not audited one by one. */
  function countRefusal(ip: string, username: string) {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const windowStart = windowOf(now);
    db.transaction((tx) => {
      const row = tx.select().from(loginRefusals).where(and(eq(loginRefusals.ip, ip), eq(loginRefusals.windowStart, windowStart))).get();
      if (!row) {
        tx.insert(loginRefusals).values({ ip, windowStart, refused: 1, usernames: JSON.stringify([username.slice(0, 40)]), firstAt: at, lastAt: at }).run();
        return;
      }
      const names = JSON.parse(row.usernames) as string[];
      if (names.length < REFUSAL_NAMES_KEPT && !names.includes(username.slice(0, 40))) names.push(username.slice(0, 40));
      tx.update(loginRefusals)
        .set({ refused: row.refused + 1, usernames: JSON.stringify(names), lastAt: at })
        .where(and(eq(loginRefusals.ip, ip), eq(loginRefusals.windowStart, windowStart)))
        .run();
    });
  }

  /**
   * Writes one audit entry per address for each window that has ended (`loginFailed`, reason
   * throttled, with the count, the window and the first names tried) and removes its counter.
   * Returns the number of entries written. The auth plugin calls it every minute.
   */
  function flushRefusals(now = Date.now()): number {
    const current = windowOf(now);
    // Most minutes nothing has ended: no write transaction for nothing.
    if (!db.select({ ip: loginRefusals.ip }).from(loginRefusals).where(lt(loginRefusals.windowStart, current)).limit(1).get()) return 0;
    return db.transaction((tx) => {
      const ended = tx.select().from(loginRefusals).where(lt(loginRefusals.windowStart, current)).orderBy(asc(loginRefusals.windowStart), asc(loginRefusals.ip)).all();
      for (const row of ended) {
        const names = JSON.parse(row.usernames) as string[];
        appendAudit(tx, { userId: null, username: names.length === 1 ? names[0]! : null, ip: row.ip }, {
          action: 'loginFailed',
          entityType: 'user',
          after: {
            reason: 'throttled',
            refused: row.refused,
            window: { from: row.windowStart, to: new Date(Date.parse(row.windowStart) + windowMs).toISOString() },
            firstAt: row.firstAt,
            lastAt: row.lastAt,
            usernames: names,
          },
        });
        tx.delete(loginRefusals).where(and(eq(loginRefusals.ip, row.ip), eq(loginRefusals.windowStart, row.windowStart))).run();
      }
      return ended.length;
    }, { behavior: 'immediate' });
  }

  const createSchema = z.object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(50),
    role: z.enum(roles),
    groupIds: groupIdsSchema,
  });

  const updateSchema = z.object({
    displayName: z.string().trim().min(1).max(50),
    role: z.enum(roles),
    groupIds: groupIdsSchema,
    version: z.coerce.number().int().positive(),
  });

  return {
    list() {
      const rows = db.select(publicUser).from(users).orderBy(asc(users.username)).all();
      const memberships = db
        .select({ userId: userGroups.userId, groupId: groups.id, name: groups.name })
        .from(userGroups)
        .innerJoin(groups, eq(groups.id, userGroups.groupId))
        .all();
      return rows.map((u) => ({ ...u, groups: memberships.filter((m) => m.userId === u.id) }));
    },

    get(id: number) {
      const user = db.select(publicUser).from(users).where(eq(users.id, id)).get();
      return user ? { ...user, groupIds: groupIdsOf(id) } : null;
    },

    sessionUser,

    hasUsers(): boolean {
      return !!db.select({ id: users.id }).from(users).limit(1).get();
    },

    /** Creates a user; the password is checked against the configured minimum length. */
    async create(actor: Actor, input: unknown, password: unknown): Promise<number> {
      const data = parseInput(createSchema, input);
      const plain = checkPassword(password);
      assertGroupsExist(data.groupIds);
      if (db.select({ id: users.id }).from(users).where(eq(users.username, data.username)).get()) {
        throw new ValidationError({ username: { key: 'validation.usernameTaken' } });
      }
      const passwordHash = await hashPassword(plain);
      return db.transaction((tx) => {
        const now = nowOf(tx);
        const id = tx
          .insert(users)
          .values({ username: data.username, displayName: data.displayName, role: data.role, passwordHash, passwordChangedAt: now, createdAt: now, updatedAt: now })
          .returning({ id: users.id })
          .get().id;
        for (const groupId of new Set(data.groupIds)) tx.insert(userGroups).values({ userId: id, groupId }).run();
        appendAudit(tx, actor, {
          action: 'permission',
          entityType: 'user',
          entityId: id,
          after: { username: data.username, displayName: data.displayName, role: data.role, groupIds: data.groupIds },
        });
        return id;
      });
    },

    /** Changes name, role and groups; refuses a stale version (someone saved meanwhile). */
    update(actor: Actor, id: number, input: unknown) {
      const data = parseInput(updateSchema, input);
      assertGroupsExist(data.groupIds);
      db.transaction((tx) => {
        const before = tx.select(publicUser).from(users).where(eq(users.id, id)).get();
        if (!before) throw new HttpError(404, 'not_found', 'No such user');
        if (before.version !== data.version) throw new HttpError(409, 'conflict', 'admin.stale');
        if (before.role === 'admin' && data.role !== 'admin' && activeAdmins(id) === 0) {
          throw new ValidationError({ role: { key: 'admin.lastAdmin' } });
        }
        const beforeGroups = groupIdsOf(id);
        tx.update(users)
          .set({ displayName: data.displayName, role: data.role, version: before.version + 1, updatedAt: nowOf(tx) })
          .where(eq(users.id, id))
          .run();
        tx.delete(userGroups).where(eq(userGroups.userId, id)).run();
        for (const groupId of new Set(data.groupIds)) tx.insert(userGroups).values({ userId: id, groupId }).run();
        appendAudit(tx, actor, {
          action: 'permission',
          entityType: 'user',
          entityId: id,
          before: { displayName: before.displayName, role: before.role, groupIds: beforeGroups },
          after: { displayName: data.displayName, role: data.role, groupIds: data.groupIds },
        });
      });
    },

    /** Disables (ending all sessions and tokens' use) or re-enables an account. */
    setDisabled(actor: Actor, id: number, disabled: boolean) {
      db.transaction((tx) => {
        const before = tx.select(publicUser).from(users).where(eq(users.id, id)).get();
        if (!before) throw new HttpError(404, 'not_found', 'No such user');
        if (disabled && actor.userId === id) throw new ValidationError({ _: { key: 'admin.selfDisable' } });
        if (disabled && before.role === 'admin' && activeAdmins(id) === 0) throw new ValidationError({ _: { key: 'admin.lastAdmin' } });
        tx.update(users).set({ disabled, version: before.version + 1, updatedAt: nowOf(tx) }).where(eq(users.id, id)).run();
        if (disabled) tx.delete(sessions).where(eq(sessions.userId, id)).run();
        appendAudit(tx, actor, { action: 'permission', entityType: 'user', entityId: id, before: { disabled: before.disabled }, after: { disabled } });
      });
    },

    /** Sets a new password and ends every session of the user. */
    async setPassword(actor: Actor, id: number, password: unknown, field = 'password') {
      const plain = checkPassword(password, field);
      const passwordHash = await hashPassword(plain);
      db.transaction((tx) => {
        const user = tx.select(publicUser).from(users).where(eq(users.id, id)).get();
        if (!user) throw new HttpError(404, 'not_found', 'No such user');
        tx.update(users)
          .set({ passwordHash, passwordChangedAt: nowOf(tx), updatedAt: nowOf(tx), version: user.version + 1 })
          .where(eq(users.id, id))
          .run();
        tx.delete(sessions).where(eq(sessions.userId, id)).run();
        appendAudit(tx, actor, { action: 'permission', entityType: 'user', entityId: id, after: { passwordChanged: true } });
      });
    },

    async checkCurrentPassword(id: number, password: string): Promise<boolean> {
      const user = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)).get();
      return !!user && (await verifyPassword(password, user.hash));
    },

    /**
     * Signs in: at most THROTTLE_MAX_FAILURES password checks per user name and per address in
     * THROTTLE_WINDOW_MINUTES, however many arrive at once. The attempt is recorded as a failure
     * before the (slow, asynchronous) password check starts, in the same synchronous step as the
     * count, so parallel attempts see each other; a right password turns it into a success.
     * Every checked failure is audited; refusals while locked are counted (countRefusal).
     */
    async signIn(username: string, password: string, ip: string, userAgent: string | null): Promise<SignInResult> {
      const name = username.trim().slice(0, 100);
      const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
      const attemptId = db.transaction((tx) => {
        const failures = tx
          .select({ n: count() })
          .from(loginAttempts)
          .where(and(eq(loginAttempts.success, false), gte(loginAttempts.at, since), or(eq(loginAttempts.username, name), eq(loginAttempts.ip, ip))))
          .get()?.n ?? 0;
        if (failures >= THROTTLE_MAX_FAILURES) return null;
        return tx.insert(loginAttempts).values({ username: name, ip, at: new Date().toISOString(), success: false }).returning({ id: loginAttempts.id }).get().id;
      }, { behavior: 'immediate' });
      if (attemptId === null) {
        countRefusal(ip, name);
        return { ok: false, reason: 'throttled' };
      }
      const user = db.select().from(users).where(eq(users.username, name)).get();
      const actor: Actor = { userId: user?.id ?? null, username: name, ip };
      const fail = (reason: 'failed' | 'disabled'): SignInResult => {
        db.transaction((tx) => appendAudit(tx, actor, { action: 'loginFailed', entityType: 'user', entityId: user?.id ?? null, after: { reason } }));
        return { ok: false, reason };
      };
      // Verify even for unknown users, so timing does not tell which names exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !valid) return fail('failed');
      if (user.disabled) return fail('disabled');
      const now = new Date().toISOString();
      const session = db.transaction((tx) => {
        tx.update(loginAttempts).set({ success: true, at: now }).where(eq(loginAttempts.id, attemptId)).run();
        const started = startSession(user.id, { ip, userAgent }, tx);
        tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).run();
        appendAudit(tx, actor, { action: 'login', entityType: 'user', entityId: user.id });
        return started;
      });
      return { ok: true, user: sessionUser(user.id)!, ...session };
    },

    startSession,

    /** The session behind a cookie token, or why there is none. Refreshes the idle timer. */
    resolveSession(token: string): { user: SessionUser; csrf: string; id: string } | { expired: boolean } {
      const id = sha256(token);
      const row = db.select().from(sessions).where(eq(sessions.id, id)).get();
      if (!row) return { expired: false };
      const now = Date.now();
      const idle = now - Date.parse(row.lastSeenAt) > settings.sessionIdleMinutes * 60_000;
      const old = now - Date.parse(row.createdAt) > settings.sessionMaxHours * 3_600_000;
      const user = sessionUser(row.userId);
      if (idle || old || !user) {
        bookkeeping(() => db.transaction((tx) => tx.delete(sessions).where(eq(sessions.id, id)).run()));
        return { expired: true };
      }
      // Write the idle timer at most once a minute: reads stay reads.
      if (now - Date.parse(row.lastSeenAt) > 60_000) {
        bookkeeping(() => db.transaction((tx) => tx.update(sessions).set({ lastSeenAt: new Date(now).toISOString() }).where(eq(sessions.id, id)).run()));
      }
      return { user, csrf: row.csrfToken, id };
    },

    signOut(sessionId: string, actor: Actor) {
      db.transaction((tx) => {
        tx.delete(sessions).where(eq(sessions.id, sessionId)).run();
        appendAudit(tx, actor, { action: 'logout', entityType: 'user', entityId: actor.userId });
      });
    },

    flushRefusals,

    /** Removes expired sessions and old sign-in attempts. */
    sweep() {
      const idleCutoff = new Date(Date.now() - settings.sessionIdleMinutes * 60_000).toISOString();
      const ageCutoff = new Date(Date.now() - settings.sessionMaxHours * 3_600_000).toISOString();
      db.transaction((tx) => {
        tx.delete(sessions).where(or(lt(sessions.lastSeenAt, idleCutoff), lt(sessions.createdAt, ageCutoff))).run();
        tx.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - 86_400_000).toISOString())).run();
      });
    },

    // ---- Personal API tokens ----
    listTokens(userId: number) {
      return db
        .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(asc(apiTokens.id))
        .all();
    },

    /** Creates a token and returns it in clear, once; only its hash is stored. */
    createToken(actor: Actor, userId: number, name: unknown): string {
      const label = parseInput(z.object({ name: z.string().trim().min(1).max(60) }), { name }).name;
      const token = `sgyy_${randomSecret(30)}`;
      db.transaction((tx) => {
        const id = tx
          .insert(apiTokens)
          .values({ userId, name: label, tokenHash: sha256(token), createdAt: nowOf(tx) })
          .returning({ id: apiTokens.id })
          .get().id;
        appendAudit(tx, actor, { action: 'create', entityType: 'apiToken', entityId: id, after: { userId, name: label } });
      });
      return token;
    },

    revokeToken(actor: Actor, userId: number, tokenId: number) {
      db.transaction((tx) => {
        const row = tx.select().from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId))).get();
        if (!row) throw new HttpError(404, 'not_found', 'No such token');
        if (row.revokedAt) return;
        tx.update(apiTokens).set({ revokedAt: nowOf(tx) }).where(eq(apiTokens.id, tokenId)).run();
        appendAudit(tx, actor, { action: 'update', entityType: 'apiToken', entityId: tokenId, before: { revokedAt: null }, after: { revoked: true } });
      });
    },

    /** The user behind a Bearer token, if the token is live and the user enabled. */
    resolveToken(token: string): SessionUser | null {
      const row = db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
        .get();
      if (!row || !sameSecret(row.tokenHash, sha256(token))) return null;
      const user = sessionUser(row.userId);
      if (!user) return null;
      if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
        bookkeeping(() => db.transaction((tx) => tx.update(apiTokens).set({ lastUsedAt: new Date().toISOString() }).where(eq(apiTokens.id, row.id)).run()));
      }
      return user;
    },

    // ---- Calendar feed tokens (read-only, scope "calendar") ----
    listFeedTokens(userId: number) {
      return db
        .select({ id: feedTokens.id, name: feedTokens.name, scope: feedTokens.scope, createdAt: feedTokens.createdAt, lastUsedAt: feedTokens.lastUsedAt, revokedAt: feedTokens.revokedAt })
        .from(feedTokens)
        .where(eq(feedTokens.userId, userId))
        .orderBy(asc(feedTokens.id))
        .all();
    },

    /** Creates a feed token and returns it in clear, once; only its hash is stored. */
    createFeedToken(actor: Actor, userId: number, name: unknown): string {
      const label = parseInput(z.object({ name: z.string().trim().min(1).max(60) }), { name }).name;
      const token = `${FEED_TOKEN_PREFIX}${randomSecret(30)}`;
      db.transaction((tx) => {
        const id = tx
          .insert(feedTokens)
          .values({ userId, name: label, scope: 'calendar', tokenHash: sha256(token), createdAt: nowOf(tx) })
          .returning({ id: feedTokens.id })
          .get().id;
        appendAudit(tx, actor, { action: 'create', entityType: 'feedToken', entityId: id, after: { userId, name: label, scope: 'calendar' } });
      });
      return token;
    },

    revokeFeedToken(actor: Actor, userId: number, tokenId: number) {
      db.transaction((tx) => {
        const row = tx.select().from(feedTokens).where(and(eq(feedTokens.id, tokenId), eq(feedTokens.userId, userId))).get();
        if (!row) throw new HttpError(404, 'not_found', 'No such token');
        if (row.revokedAt) return;
        tx.update(feedTokens).set({ revokedAt: nowOf(tx) }).where(eq(feedTokens.id, tokenId)).run();
        appendAudit(tx, actor, { action: 'update', entityType: 'feedToken', entityId: tokenId, before: { revokedAt: null }, after: { revoked: true } });
      });
    },

    /** The user behind a live feed token of the given scope; API tokens are not feed tokens. */
    resolveFeedToken(token: string, scope: (typeof feedTokens.$inferSelect)['scope'] = 'calendar'): SessionUser | null {
      if (!token.startsWith(FEED_TOKEN_PREFIX)) return null;
      const row = db
        .select()
        .from(feedTokens)
        .where(and(eq(feedTokens.tokenHash, sha256(token)), eq(feedTokens.scope, scope), isNull(feedTokens.revokedAt)))
        .get();
      if (!row) return null;
      const user = sessionUser(row.userId);
      if (!user) return null;
      if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
        db.update(feedTokens).set({ lastUsedAt: new Date().toISOString() }).where(eq(feedTokens.id, row.id)).run();
      }
      return user;
    },

    findByUsername(username: string) {
      return db.select(publicUser).from(users).where(eq(users.username, username)).get() ?? null;
    },

    /** Users to create on a new database; returns the passwords to print once. */
    async initialUsers(options: { adminPassword?: string; demo: boolean; staffGroupId: number | null }) {
      const system: Actor = { userId: null, username: 'system', ip: null };
      const created: { username: string; role: Role; password: string | null }[] = [];
      if (options.adminPassword) {
        await this.create(system, { username: 'admin', displayName: '系统管理员', role: 'admin', groupIds: [] }, options.adminPassword);
        created.push({ username: 'admin', role: 'admin', password: null });
        return created;
      }
      const wanted: { username: string; displayName: string; role: Role; groupIds: number[] }[] = [
        { username: 'admin', displayName: '系统管理员', role: 'admin', groupIds: [] },
      ];
      if (options.demo) {
        wanted.push(
          { username: 'office', displayName: '专班办公室（演示）', role: 'office', groupIds: [] },
          { username: 'leader', displayName: '王××（演示领导）', role: 'leader', groupIds: [] },
          { username: 'staff', displayName: '李××（演示工作组人员）', role: 'staff', groupIds: options.staffGroupId ? [options.staffGroupId] : [] },
        );
      }
      for (const user of wanted) {
        const password = generatePassword();
        await this.create(system, user, password);
        created.push({ username: user.username, role: user.role, password });
      }
      return created;
    },
  };
}

/** A hash of a random password, verified against when the user does not exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$1XWG7pCpsHC+vI1Zpn/4v6ZBV1ZeC5lCGQLPjvyrzEo=';

export type AccountService = ReturnType<typeof createAccountService>;

