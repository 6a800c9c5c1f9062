/**
 * Organiser accounts and their sessions. Sessions are stored by the SHA-256 of their bearer
 * token only; the password hash never leaves this repository except to the password checker.
 * Usernames are unique case-insensitively (ASCII case, on both databases): SQLite's NOCASE column,
 * PostgreSQL's unique index on lower(username); lookups compare lower() on both sides.
 */
import { sql } from 'kysely';
import type { OrganiserAccount } from '../../../shared/protocol/organiser.ts';
import type { Sql } from '../sql.ts';

interface OrganiserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
  created_at: string;
  created_by: string | null;
  password_changed_at: string;
  disabled_at: string | null;
}

interface SessionRow {
  token_hash: string;
  organiser_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** An account as stored: the wire record plus its password hash. */
export interface StoredOrganiser extends OrganiserAccount {
  passwordHash: string;
  passwordChangedAt: string;
}

/** A stored organiser session. */
export interface OrganiserSessionRecord {
  tokenHash: string;
  organiserId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const toOrganiser = (r: OrganiserRow): StoredOrganiser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  isAdmin: r.is_admin === 1,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  passwordHash: r.password_hash,
  passwordChangedAt: r.password_changed_at,
});

/** The account without its hash, for the wire. */
export function toAccount(o: StoredOrganiser): OrganiserAccount {
  const { passwordHash: _hash, passwordChangedAt: _changed, ...account } = o;
  return account;
}

const toSession = (r: SessionRow): OrganiserSessionRecord => ({
  tokenHash: r.token_hash,
  organiserId: r.organiser_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export function createOrganisersRepo(db: Sql) {
  /**
   * Account changes check then write (the username is free, an administrator remains). Inside a
   * transaction on PostgreSQL, reading accounts first locks the table against other writers (plain
   * reads go on) until the transaction ends, so two nodes cannot both pass the check; such changes
   * are rare. SQLite's transaction already holds the whole database.
   */
  const guard = async (): Promise<void> => {
    if (db.dialect === 'postgres' && db.inTx()) await db.run(sql`LOCK TABLE organisers IN SHARE ROW EXCLUSIVE MODE`);
  };
  return {
    async insert(o: Omit<StoredOrganiser, 'disabledAt' | 'passwordChangedAt'> & { createdBy: string | null }): Promise<void> {
      await db.run(sql`INSERT INTO organisers (id, username, display_name, password_hash, is_admin, created_at, created_by, password_changed_at)
        VALUES (${o.id}, ${o.username}, ${o.displayName}, ${o.passwordHash}, ${o.isAdmin ? 1 : 0}, ${o.createdAt}, ${o.createdBy}, ${o.createdAt})`);
    },
    async get(id: string): Promise<StoredOrganiser | null> {
      await guard();
      const r = await db.one(sql<OrganiserRow>`SELECT * FROM organisers WHERE id = ${id}`);
      return r ? toOrganiser(r) : null;
    },
    /** By username, case-insensitively. */
    async findByUsername(username: string): Promise<StoredOrganiser | null> {
      await guard();
      const r = await db.one(sql<OrganiserRow>`SELECT * FROM organisers WHERE lower(username) = lower(${username})`);
      return r ? toOrganiser(r) : null;
    },
    async list(): Promise<StoredOrganiser[]> {
      return (await db.all(sql<OrganiserRow>`SELECT * FROM organisers ORDER BY created_at, username`)).map(toOrganiser);
    },
    async count(): Promise<number> {
      await guard();
      return (await db.one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM organisers`))?.n ?? 0;
    },
    async activeAdminCount(): Promise<number> {
      await guard();
      return (await db.one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM organisers WHERE is_admin = 1 AND disabled_at IS NULL`))?.n ?? 0;
    },
    async save(o: Pick<StoredOrganiser, 'id' | 'displayName' | 'isAdmin' | 'disabledAt'>): Promise<void> {
      await db.run(sql`UPDATE organisers SET display_name = ${o.displayName}, is_admin = ${o.isAdmin ? 1 : 0}, disabled_at = ${o.disabledAt} WHERE id = ${o.id}`);
    },
    /** A new password (change or reset). */
    async setPasswordHash(id: string, hash: string, at: string): Promise<void> {
      await db.run(sql`UPDATE organisers SET password_hash = ${hash}, password_changed_at = ${at} WHERE id = ${id}`);
    },
    /** The same password under stronger parameters (after a successful login). */
    async upgradeHash(id: string, hash: string): Promise<void> {
      await db.run(sql`UPDATE organisers SET password_hash = ${hash} WHERE id = ${id}`);
    },

    async insertSession(s: Omit<OrganiserSessionRecord, 'revokedAt'>): Promise<void> {
      await db.run(sql`INSERT INTO organiser_sessions (token_hash, organiser_id, created_at, expires_at)
        VALUES (${s.tokenHash}, ${s.organiserId}, ${s.createdAt}, ${s.expiresAt})`);
    },
    async session(tokenHash: string): Promise<OrganiserSessionRecord | null> {
      const r = await db.one(sql<SessionRow>`SELECT * FROM organiser_sessions WHERE token_hash = ${tokenHash}`);
      return r ? toSession(r) : null;
    },
    async revokeSession(tokenHash: string, at: string): Promise<boolean> {
      return (await db.run(sql`UPDATE organiser_sessions SET revoked_at = ${at} WHERE token_hash = ${tokenHash} AND revoked_at IS NULL`)) > 0;
    },
    /** Revoke every session of the account except `keepTokenHash` (the caller's own, or '' for all). */
    async revokeSessions(organiserId: string, at: string, keepTokenHash = ''): Promise<number> {
      return db.run(sql`UPDATE organiser_sessions SET revoked_at = ${at}
        WHERE organiser_id = ${organiserId} AND revoked_at IS NULL AND token_hash != ${keepTokenHash}`);
    },
    /** Rows of ended sessions are kept a day for diagnosis, then dropped so the table stays small. */
    async purgeSessions(now: string): Promise<void> {
      // Times are stored as toISOString() text, so they order as strings on both databases.
      const cutoff = new Date(Date.parse(now) - 86_400_000).toISOString();
      await db.run(sql`DELETE FROM organiser_sessions WHERE expires_at < ${cutoff}`);
    },
  };
}

export type OrganisersRepo = ReturnType<typeof createOrganisersRepo>;
