/**
 * Export downloads: GET /api/meetings/:meetingId/export/<name> for every format in the
 * catalogue (minutes.docx, ledger.xlsx, acks.csv …), host and secretary only. The route loads a
 * snapshot (stored attendance and the secretary's minutes edits included), renders it with the
 * pure renderer (in a worker thread) and sends the bytes with their media type and an RFC 5987
 * Chinese file name. HEAD answers the same headers without rendering (the secretary
 * desk probes which exports exist when it opens).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { meetingIdParams } from '../../../shared/protocol/rest.ts';
import { EXPORT_KINDS, contentDisposition, type ExportKind } from '../../exports/catalogue.ts';
import { createThreadRenderer, type ExportRenderer } from '../../exports/render-thread.ts';
import type { ExportSnapshot } from '../../exports/snapshot.ts';
import { STAFF, requireSession } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

function fileHeaders(reply: FastifyReply, s: Pick<ExportSnapshot, 'meeting'>, kind: ExportKind): FastifyReply {
  return reply
    .header('content-type', kind.contentType)
    .header('content-disposition', contentDisposition(s, kind))
    // Minutes and transcripts are internal documents: never kept by shared caches or the browser.
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
}

/**
 * Registers the export routes. Rendering runs in a worker thread (`renderer`, closed with the
 * app) so large files do not stall the sockets of a live meeting.
 */
export function registerExportRoutes(
  root: FastifyInstance,
  deps: Pick<HttpDeps, 'secret' | 'exportSnapshot' | 'meetings'>,
  renderer: ExportRenderer = createThreadRenderer(),
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, exportSnapshot } = deps;
  root.addHook('onClose', () => renderer.close());

  for (const kind of EXPORT_KINDS) {
    const url = `/api/meetings/:meetingId/export/${kind.name}`;

    app.get(url, { schema: { params: meetingIdParams }, exposeHeadRoute: false }, async (request, reply) => {
      const { meetingId } = request.params;
      requireSession(request, secret, meetingId, STAFF);
      const t0 = performance.now();
      const snapshot = await exportSnapshot(meetingId);
      const bytes = await renderer.render(kind.name, snapshot);
      request.log.info({ meetingId, export: kind.name, bytes: bytes.byteLength, renderMs: Math.round(performance.now() - t0) }, 'export rendered');
      return fileHeaders(reply, snapshot, kind).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });

    app.head(url, { schema: { params: meetingIdParams } }, async (request, reply) => {
      const { meetingId } = request.params;
      requireSession(request, secret, meetingId, STAFF);
      return fileHeaders(reply, { meeting: await deps.meetings.get(meetingId) }, kind).send();
    });
  }
}
