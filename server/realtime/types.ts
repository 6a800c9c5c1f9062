import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../../shared/protocol/socket.ts';

export type LuoshiServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type LuoshiSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Room names: everything of a meeting, its staff, its venue sessions, one venue's sessions. */
export const rooms = {
  meeting: (meetingId: string) => `m:${meetingId}`,
  staff: (meetingId: string) => `m:${meetingId}:staff`,
  venues: (meetingId: string) => `m:${meetingId}:venues`,
  venue: (venueId: string) => `v:${venueId}`,
  /** Every staff session of every meeting (model status). */
  allStaff: 'staff',
};
