/**
 * Worker-thread entry: renders exports off the server's main thread, so a large workbook (200
 * venues × 40 requirements ≈ 0.5–2 s in exceljs) never stalls live delivery to the venues.
 * Receives `{ id, kind, snapshot }`, answers `{ id, ok: true, bytes }` (transferred) or
 * `{ id, ok: false, message }`.
 */
import { parentPort } from 'node:worker_threads';
import { exportKind } from './catalogue.ts';
import type { RenderReply, RenderRequest } from './render-thread.ts';

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread');

port.on('message', (request: RenderRequest) => {
  void (async () => {
    let reply: RenderReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const kind = exportKind(request.kind);
      if (!kind) throw new Error(`unknown export ${request.kind}`);
      const rendered = await kind.render(request.snapshot);
      // Transfer only a buffer the bytes fill exactly; otherwise copy into one.
      const bytes = rendered.byteOffset === 0 && rendered.byteLength === rendered.buffer.byteLength ? rendered : rendered.slice();
      reply = { id: request.id, ok: true, bytes };
      transfer = [bytes.buffer as ArrayBuffer];
    } catch (err) {
      reply = { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply, transfer);
  })();
});
