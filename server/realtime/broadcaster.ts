/**
 * socket.io implementation of the Broadcaster. A sequenced event is serialised once per room:
 * staff get it as stored, venues get the venue-chain `prevSeq`; a venue's own ack goes to its room.
 */
import type { Broadcaster } from '../meeting/broadcaster.ts';
import { venueView } from '../meeting/visibility.ts';
import { rooms, type LuoshiServer } from './types.ts';

export function createSocketBroadcaster(io: LuoshiServer): Broadcaster {
  return {
    event(stored) {
      const { event, venueId } = stored;
      io.to(rooms.staff(event.meetingId)).emit('meeting:event', event);
      const forVenues = venueView(stored);
      if (event.audience === 'all') io.to(rooms.venues(event.meetingId)).emit('meeting:event', forVenues);
      else if (venueId) io.to(rooms.venue(venueId)).emit('meeting:event', forVenues);
    },
    interim(interim) {
      io.to(rooms.meeting(interim.meetingId)).volatile.emit('transcript:interim', interim);
    },
    presence(meetingId, presence) {
      io.to(rooms.staff(meetingId)).emit('presence:changed', presence);
    },
    modelStatus(status) {
      io.to(rooms.allStaff).emit('model:status', status);
    },
  };
}
