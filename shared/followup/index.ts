export * from './types.ts';
export * from './task-machine.ts';
export * from './deadline-date.ts';
export * from './warnings.ts';
export * from './figures.ts';
export * from './schemas.ts';
export * from './scope.ts';
