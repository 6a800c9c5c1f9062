/**
 * Who is calling a follow-up route. Two kinds of bearer token reach these routes: an organiser's
 * login (`lso_…`, for the meetings it owns) and a meeting session (a venue for its own tasks;
 * host and secretary for the whole meeting). Another organiser's meeting is not found; another
 * venue's task is forbidden.
 */
import type { FastifyRequest } from 'fastify';
import type { Task } from '../../shared/followup/types.ts';
import { verifySession } from '../auth/session-token.ts';
import type { FollowupRecords } from '../followup/followup-records.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../followup/followup-service.ts';
import { ORGANISER_TOKEN_PREFIX, type OrganiserService } from '../organisers/organiser-service.ts';
import { bearerToken } from './organiser-auth.ts';

export interface FollowupAuthDeps {
  secret: string;
  records: FollowupRecords;
  organisers: OrganiserService;
}

/** The actor for `meetingId`, or 401/403/404. `staffOnly` refuses venue sessions. */
export async function meetingActor(request: FastifyRequest, deps: FollowupAuthDeps, meetingId: string, staffOnly: boolean): Promise<Actor & { venueId: string | null }> {
  const token = bearerToken(request);
  if (token?.startsWith(ORGANISER_TOKEN_PREFIX)) {
    const { organiser } = await deps.organisers.authenticate(token);
    if ((await deps.records.meetingOwner(meetingId)) !== organiser.id) throw new DomainError('not_found');
    return { party: 'organiser', kind: 'organiser', name: organiser.displayName, venueId: null };
  }
  const session = verifySession(token, deps.secret);
  if (!session) throw new DomainError('unauthorized');
  if (session.meetingId !== meetingId) throw new DomainError('forbidden');
  if (!(await deps.records.meeting(meetingId))) throw new DomainError('not_found');
  const venueName = (await deps.records.venue(session.venueId))?.name ?? '';
  if (session.role === 'venue') {
    if (staffOnly) throw new DomainError('forbidden');
    return { party: 'venue', kind: 'venue', name: venueName, venueId: session.venueId };
  }
  return { party: 'organiser', kind: session.role, name: `${venueName}（${session.role === 'host' ? '主会场' : '记录席'}）`, venueId: null };
}

/** The task and the actor on it: a venue only reaches its own tasks. */
export async function taskActor(request: FastifyRequest, deps: FollowupAuthDeps, taskId: string): Promise<{ task: Task; actor: Actor & { venueId: string | null } }> {
  const task = await deps.records.task(taskId);
  // A task id that does not exist and one the caller may not see answer differently only after
  // the token was checked, so probing ids without a valid token learns nothing.
  if (!task) {
    if (!bearerToken(request)) throw new DomainError('unauthorized');
    throw new DomainError('not_found');
  }
  const actor = await meetingActor(request, deps, task.meetingId, false);
  if (actor.party === 'venue' && actor.venueId !== task.venueId) throw new DomainError('forbidden');
  return { task, actor };
}
