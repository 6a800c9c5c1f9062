export type * from './domain.ts';
export type * from './events.ts';
export type * from './socket.ts';
export * from './errors.ts';
export * from './schemas.ts';
export * from './rest.ts';
export * from './organiser.ts';
export * from './minutes.ts';
