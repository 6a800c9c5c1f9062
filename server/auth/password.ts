/**
 * Organiser passwords: scrypt from Node's crypto (memory-hard; no native dependency), a random
 * salt per hash, and the parameters stored with the hash — `scrypt$15$8$1$<salt>$<hash>` — so
 * they can be raised later and old hashes still verify (and are upgraded on the next login).
 * Runs on libuv's thread pool, never on the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost as a power of two: N = 2^log2N. Memory ≈ 128 × N × r bytes (2^15 × 8 → 32 MiB). */
  log2N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and ≈ 50–150 ms per hash on the 2-core server — the common
 * interactive-login setting (RFC 7914 §2, Node's own default is 2^14).
 */
export const DEFAULT_SCRYPT: ScryptParams = { log2N: 15, r: 8, p: 1 };
/** Derived key length, bytes. */
const KEY_BYTES = 32;
/** Salt length, bytes (128 bits, from the OS CSPRNG). */
const SALT_BYTES = 16;
/** Parameters accepted from a stored hash (bounds what a corrupted row can cost). */
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16] } as const;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  // Node refuses above maxmem (32 MiB by default); allow what these parameters need, with room.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  // NFKC: the same password typed with full-width or half-width characters hashes the same.
  const input = password.normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(input, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new hash of `password` with a fresh salt, in the stored format. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function inRange(v: number, [min, max]: readonly [number, number]): boolean {
  return Number.isInteger(v) && v >= min && v <= max;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [log2N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!inRange(log2N, LIMITS.log2N) || !inRange(r, LIMITS.r) || !inRange(p, LIMITS.p)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length !== KEY_BYTES) return null;
  return { params: { log2N, r, p }, salt, key };
}

/** True when `password` matches the stored hash (constant-time comparison); false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when the stored hash uses weaker parameters than `params` (re-hash after a successful login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.params.log2N < params.log2N || parsed.params.r < params.r || parsed.params.p < params.p;
}

let dummy: Promise<string> | null = null;

/**
 * Spend the time of one verification without an account: an unknown username then costs the
 * same as a wrong password, so response times do not reveal which usernames exist.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('luoshi-no-such-account');
  await verifyPassword(password, await dummy);
}
