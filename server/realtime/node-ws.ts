/**
 * Loads the Node build of `ws` by file path. Under Vitest the Solid plugin adds the `browser`
 * export condition to Node itself, and `ws` lists `browser` first, so a plain `ws` import yields
 * the throwing browser stub; engine.io would then fail to start. Loading by path avoids the
 * export map (and changes nothing outside tests).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface NodeWsModule {
  WebSocketServer: new (...args: never[]) => unknown;
  WebSocket: new (url: string, protocols?: string | string[], options?: object) => unknown;
}

export function loadNodeWs(): NodeWsModule {
  const dir = path.dirname(require.resolve('ws/package.json'));
  return require(path.join(dir, 'index.js')) as NodeWsModule; // ws' CommonJS entry: exports WebSocket and WebSocketServer
}
