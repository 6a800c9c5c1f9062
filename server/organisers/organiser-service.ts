/**
 * Organiser accounts (the issuing department's login): the first account at first start,
 * login with throttling of wrong guesses, sessions that expire and can be revoked, account
 * management by administrators, password changes. Checks on accounts (a username is free, an
 * administrator remains) read inside the transaction that writes, where the repository locks the
 * accounts against other writers, so two server nodes cannot both pass them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LoginReply, OrganiserAccount } from '../../shared/protocol/organiser.ts';
import type { z } from 'zod';
import type { loginBody, organiserCreateBody, organiserUpdateBody } from '../../shared/protocol/organiser.ts';
import { issueDeviceToken, verifyDeviceToken } from '../auth/device-token.ts';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import { burnVerification, DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from '../auth/password.ts';
import { toAccount, type OrganiserSessionRecord, type StoredOrganiser } from '../db/repositories/organisers.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../meeting/ids.ts';

/** Organiser bearer tokens start with this, so they are never mistaken for meeting tokens. */
export const ORGANISER_TOKEN_PREFIX = 'lso_';
/** Random bytes in an organiser token (256 bits). */
const TOKEN_BYTES = 32;

/** A refused login attempt that must wait; the route sends `Retry-After`. */
export class LoginThrottledError extends DomainError {
  constructor(readonly retryAfterS: number) {
    super('rate_limited', undefined, true);
  }
}

/** The first organiser, from LUOSHI_ADMIN_* (null: generate one). */
export interface FirstOrganiserSettings {
  username: string;
  password: string;
  displayName: string;
}

/** What first start did: the account it created and, when generated, its one-time password. */
export interface BootstrapResult {
  organiser: OrganiserAccount;
  /** Generated password (print it once); null when it came from the environment. */
  generatedPassword: string | null;
  /** Meetings from before accounts that the new account now owns. */
  adoptedMeetings: number;
}

/** An authenticated organiser request. */
export interface OrganiserAuth {
  organiser: StoredOrganiser;
  session: OrganiserSessionRecord;
}

export interface OrganiserServiceDeps {
  store: Store;
  /** Signs device tokens (the app's session secret). */
  secret: string;
  /** Organiser session lifetime, s. */
  sessionTtlS: number;
  limiter: LoginLimiter;
  clock?: () => Date;
  scrypt?: ScryptParams;
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A password that is easy to read out and type: 4 groups of 5 from an alphabet without 0/O, 1/l/I. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]); // 256 % 32 == 0: unbiased
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

export function createOrganiserService(deps: OrganiserServiceDeps) {
  const { store, secret, limiter } = deps;
  const clock = deps.clock ?? (() => new Date());
  const params = deps.scrypt ?? DEFAULT_SCRYPT;
  const now = () => clock().toISOString();

  async function insertAccount(body: { username: string; displayName: string; password: string; isAdmin: boolean }, createdBy: string | null): Promise<StoredOrganiser> {
    const passwordHash = await hashPassword(body.password, params);
    return store.tx(async () => {
      if (await store.organisers.findByUsername(body.username)) throw new DomainError('conflict', ['username taken']);
      const id = newId();
      await store.organisers.insert({ id, username: body.username, displayName: body.displayName, passwordHash, isAdmin: body.isAdmin, createdAt: now(), createdBy });
      const created = await store.organisers.get(id);
      if (!created) throw new DomainError('internal');
      return created;
    });
  }

  function requireAdmin(auth: OrganiserAuth): void {
    if (!auth.organiser.isAdmin) throw new DomainError('forbidden');
  }

  return {
    /**
     * First start: without any account, create the first (an administrator) from `settings`
     * or with a generated password, and give it the meetings from before accounts. With
     * accounts, only creates `settings`' account when that username does not exist yet.
     */
    async bootstrap(settings: FirstOrganiserSettings | null): Promise<BootstrapResult | null> {
      const first = (await store.organisers.count()) === 0;
      if (!first && (!settings || (await store.organisers.findByUsername(settings.username)))) return null;
      const generatedPassword = settings ? null : generatePassword();
      let organiser: StoredOrganiser;
      try {
        organiser = await insertAccount({
          username: settings?.username ?? 'admin',
          displayName: settings?.displayName ?? '管理员',
          password: settings?.password ?? generatedPassword ?? '',
          isAdmin: true,
        }, null);
      } catch (err) {
        // Another server node starting at the same moment created it first.
        if (err instanceof DomainError && err.code === 'conflict') return null;
        throw err;
      }
      const adoptedMeetings = first ? await store.meetings.adoptUnowned(organiser.id) : 0;
      return { organiser: toAccount(organiser), generatedPassword, adoptedMeetings };
    },

    async login(body: z.output<typeof loginBody>, ip: string): Promise<LoginReply> {
      const organiser = await store.organisers.findByUsername(body.username);
      const device = verifyDeviceToken(body.deviceToken, secret);
      const deviceId = device && organiser && device.organiserId === organiser.id ? device.deviceId : null;
      const attempt = { username: body.username, ip, deviceId };
      const waitMs = await limiter.waitMs(attempt, clock().getTime());
      if (waitMs > 0) throw new LoginThrottledError(Math.ceil(waitMs / 1000));

      let ok = false;
      if (organiser) ok = (await verifyPassword(body.password, organiser.passwordHash)) && organiser.disabledAt === null;
      else await burnVerification(body.password);
      if (!organiser || !ok) {
        await limiter.failed(attempt, clock().getTime());
        throw new DomainError('invalid_credentials');
      }
      if (needsRehash(organiser.passwordHash, params)) await store.organisers.upgradeHash(organiser.id, await hashPassword(body.password, params));

      const token = ORGANISER_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
      const createdAt = now();
      const expiresAt = new Date(clock().getTime() + deps.sessionTtlS * 1000).toISOString();
      await store.tx(async () => {
        await store.organisers.purgeSessions(createdAt);
        await store.organisers.insertSession({ tokenHash: tokenHash(token), organiserId: organiser.id, createdAt, expiresAt });
      });
      const deviceToken = deviceId !== null && body.deviceToken ? body.deviceToken : issueDeviceToken(organiser.id, secret);
      return { token, expiresAt, organiser: toAccount(organiser), deviceToken };
    },

    /** The organiser behind a bearer token; `login_required` when missing, unknown, expired, revoked or disabled. */
    async authenticate(token: string | undefined): Promise<OrganiserAuth> {
      if (!token || !token.startsWith(ORGANISER_TOKEN_PREFIX) || token.length > 128) throw new DomainError('login_required');
      const session = await store.organisers.session(tokenHash(token));
      if (!session || session.revokedAt !== null || Date.parse(session.expiresAt) <= clock().getTime()) throw new DomainError('login_required');
      const organiser = await store.organisers.get(session.organiserId);
      if (!organiser || organiser.disabledAt !== null) throw new DomainError('login_required');
      return { organiser, session };
    },

    async logout(auth: OrganiserAuth): Promise<void> {
      await store.organisers.revokeSession(auth.session.tokenHash, now());
    },

    /** Change one's own password: the current one is checked (and throttled like a login); other sessions end. */
    async changePassword(auth: OrganiserAuth, currentPassword: string, nextPassword: string, ip: string): Promise<void> {
      const attempt = { username: auth.organiser.username, ip, deviceId: null };
      const waitMs = await limiter.waitMs(attempt, clock().getTime());
      if (waitMs > 0) throw new LoginThrottledError(Math.ceil(waitMs / 1000));
      if (!(await verifyPassword(currentPassword, auth.organiser.passwordHash))) {
        await limiter.failed(attempt, clock().getTime());
        throw new DomainError('invalid_credentials');
      }
      const hash = await hashPassword(nextPassword, params);
      await store.tx(async () => {
        await store.organisers.setPasswordHash(auth.organiser.id, hash, now());
        await store.organisers.revokeSessions(auth.organiser.id, now(), auth.session.tokenHash);
      });
    },

    async list(auth: OrganiserAuth): Promise<OrganiserAccount[]> {
      requireAdmin(auth);
      return (await store.organisers.list()).map(toAccount);
    },

    async create(auth: OrganiserAuth, body: z.output<typeof organiserCreateBody>): Promise<OrganiserAccount> {
      requireAdmin(auth);
      return toAccount(await insertAccount(body, auth.organiser.id));
    },

    /** Rename, reset the password, disable/enable or (un)make administrator; at least one active administrator remains. */
    async update(auth: OrganiserAuth, id: string, patch: z.output<typeof organiserUpdateBody>): Promise<OrganiserAccount> {
      requireAdmin(auth);
      const hash = patch.password !== undefined ? await hashPassword(patch.password, params) : null;
      return store.tx(async () => {
        const o = await store.organisers.get(id);
        if (!o) throw new DomainError('not_found');
        const at = now();
        const next = {
          id,
          displayName: patch.displayName ?? o.displayName,
          isAdmin: patch.isAdmin ?? o.isAdmin,
          disabledAt: patch.disabled === undefined ? o.disabledAt : patch.disabled ? (o.disabledAt ?? at) : null,
        };
        await store.organisers.save(next);
        if ((await store.organisers.activeAdminCount()) === 0) throw new DomainError('conflict', ['at least one active administrator must remain']);
        if (hash !== null) await store.organisers.setPasswordHash(id, hash, at);
        // A reset password or a disabled account ends every session of that account.
        if (hash !== null || (next.disabledAt !== null && o.disabledAt === null)) await store.organisers.revokeSessions(id, at);
        const saved = await store.organisers.get(id);
        if (!saved) throw new DomainError('internal');
        return toAccount(saved);
      });
    },
  };
}

export type OrganiserService = ReturnType<typeof createOrganiserService>;
