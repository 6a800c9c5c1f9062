/**
 * Opening one of the organiser's meetings as host or secretary: the server mints the session
 * (no join code), this tab takes it, and the page changes to the console or the desk.
 */
import { openMeeting } from '../../api/organiser.ts';
import { UserFacingError } from '../../api/errors.ts';
import { navigate } from '../../router/router.ts';
import { secretaryPath, type Focus } from '../../router/route.ts';
import { sessionFromJoinResponse } from '../../session.ts';
import type { AppActions } from '../../store/index.tsx';

export async function openMeetingAs(actions: AppActions, meetingId: string, role: 'host' | 'secretary' | 'followup', focus: Focus | null = null): Promise<void> {
  // The 督办台 is a secretary session on the follow-up page.
  const reply = await actions.organiser.call((token) => openMeeting(token, meetingId, role === 'host' ? 'host' : 'secretary'));
  const session = sessionFromJoinResponse(reply);
  if (!session) throw new UserFacingError('internal');
  actions.setSession(session);
  navigate(role === 'host' ? '/host' : role === 'followup' ? '/followup' : secretaryPath(focus));
}
