/**
 * The wire protocol between server and clients, one import for both sides: domain records,
 * sequenced events, socket.io event maps, REST and socket schemas, and the rules both ends apply
 * (sequencing, the acknowledgement board).
 */
export type * from './domain.ts';
export type * from './events.ts';
export type * from './socket.ts';
export * from './errors.ts';
export * from './schemas.ts';
export * from './rest.ts';
export * from './organiser.ts';
export * from './minutes.ts';
export * from './board.ts';
export * from './sequencing.ts';
