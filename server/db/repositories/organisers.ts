/**
 * Organiser accounts and their sessions. Sessions are stored by the SHA-256 of their bearer
 * token only; the password hash never leaves this repository except to the password checker.
 */
import type { OrganiserAccount } from '../../../shared/protocol/organiser.ts';
import type { Db } from '../database.ts';

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

export function createOrganisersRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO organisers (id, username, display_name, password_hash, is_admin, created_at, created_by, password_changed_at)
    VALUES (@id, @username, @displayName, @passwordHash, @isAdmin, @createdAt, @createdBy, @createdAt)`);
  const byId = db.prepare<[string], OrganiserRow>('SELECT * FROM organisers WHERE id = ?');
  const byName = db.prepare<[string], OrganiserRow>('SELECT * FROM organisers WHERE username = ?');
  const all = db.prepare<[], OrganiserRow>('SELECT * FROM organisers ORDER BY created_at, username');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM organisers');
  const activeAdmins = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM organisers WHERE is_admin = 1 AND disabled_at IS NULL');
  const update = db.prepare(`UPDATE organisers SET display_name = @displayName, is_admin = @isAdmin, disabled_at = @disabledAt WHERE id = @id`);
  const setHash = db.prepare('UPDATE organisers SET password_hash = ?, password_changed_at = ? WHERE id = ?');
  const rehash = db.prepare('UPDATE organisers SET password_hash = ? WHERE id = ?');

  const insertSession = db.prepare(`INSERT INTO organiser_sessions (token_hash, organiser_id, created_at, expires_at)
    VALUES (@tokenHash, @organiserId, @createdAt, @expiresAt)`);
  const sessionByHash = db.prepare<[string], SessionRow>('SELECT * FROM organiser_sessions WHERE token_hash = ?');
  const revokeOne = db.prepare('UPDATE organiser_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  const revokeAll = db.prepare('UPDATE organiser_sessions SET revoked_at = ? WHERE organiser_id = ? AND revoked_at IS NULL AND token_hash != ?');
  // Rows of ended sessions are kept a day for diagnosis, then dropped so the table stays small.
  const purge = db.prepare("DELETE FROM organiser_sessions WHERE julianday(expires_at) < julianday(?) - 1");

  return {
    insert(o: Omit<StoredOrganiser, 'disabledAt' | 'passwordChangedAt'> & { createdBy: string | null }): void {
      insert.run({ ...o, isAdmin: o.isAdmin ? 1 : 0 });
    },
    get(id: string): StoredOrganiser | null {
      const r = byId.get(id);
      return r ? toOrganiser(r) : null;
    },
    /** By username, case-insensitively. */
    findByUsername(username: string): StoredOrganiser | null {
      const r = byName.get(username);
      return r ? toOrganiser(r) : null;
    },
    list(): StoredOrganiser[] {
      return all.all().map(toOrganiser);
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
    activeAdminCount(): number {
      return activeAdmins.get()?.n ?? 0;
    },
    save(o: Pick<StoredOrganiser, 'id' | 'displayName' | 'isAdmin' | 'disabledAt'>): void {
      update.run({ ...o, isAdmin: o.isAdmin ? 1 : 0 });
    },
    /** A new password (change or reset). */
    setPasswordHash(id: string, hash: string, at: string): void {
      setHash.run(hash, at, id);
    },
    /** The same password under stronger parameters (after a successful login). */
    upgradeHash(id: string, hash: string): void {
      rehash.run(hash, id);
    },

    insertSession(s: Omit<OrganiserSessionRecord, 'revokedAt'>): void {
      insertSession.run(s);
    },
    session(tokenHash: string): OrganiserSessionRecord | null {
      const r = sessionByHash.get(tokenHash);
      return r ? toSession(r) : null;
    },
    revokeSession(tokenHash: string, at: string): boolean {
      return revokeOne.run(at, tokenHash).changes > 0;
    },
    /** Revoke every session of the account except `keepTokenHash` (the caller's own, or '' for all). */
    revokeSessions(organiserId: string, at: string, keepTokenHash = ''): number {
      return revokeAll.run(at, organiserId, keepTokenHash).changes;
    },
    purgeSessions(now: string): void {
      purge.run(now);
    },
  };
}

export type OrganisersRepo = ReturnType<typeof createOrganisersRepo>;
