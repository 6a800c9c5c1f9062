/**
 * What a secretary edit works with inside its transaction: the context secretary-service.ts builds
 * for every edit, and the runner it hands to list-structure.ts (merge, split, undo).
 */
import type { Requirement, RequirementFields } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { StoredRequirement } from '../db/repositories/requirements.ts';
import type { RequirementWriter } from './requirement-writer.ts';
import type { Append, Committed } from './sequencer.ts';

/** What every secretary operation works with inside its transaction. */
export interface EditContext {
  s: SessionClaims;
  w: RequirementWriter;
  append: Append;
  /** A requirement of the session's meeting, or not_found; `conflict` when the machine retracted it. */
  requirement(id: string): Promise<StoredRequirement>;
  audit(action: string, targetId: string, before: unknown, after: unknown): Promise<void>;
  /** The requirement with new edits (and patch), content version bumped when the effective fields change. */
  edited(r: StoredRequirement, edits: Partial<RequirementFields>, patch?: Partial<StoredRequirement>): StoredRequirement;
  /** The stored state now (after a flush: renumbered), for the wire. */
  fresh(id: string): Promise<Requirement>;
}

/** Runs one secretary operation in a transaction (see createSecretaryService). */
export type EditRunner = <T>(s: SessionClaims, work: (ctx: EditContext) => Promise<T>) => Promise<Committed<T>>;
