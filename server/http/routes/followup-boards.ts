/**
 * The organiser's follow-up routes: a meeting's 督办 board (staff session or the owning
 * organiser's login), issuing tasks, confirming a requirement's venues (责任单位), 催办 rounds, due dates per requirement, 督查通报 downloads;
 * and across meetings (organiser login): the overview, thresholds, 通报 of all its meetings.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { remindRoundBody, reportQuery, requirementDeadlineBody, scopeBody, thresholdsBody } from '../../../shared/followup/schemas.ts';
import { meetingIdParams } from '../../../shared/protocol/rest.ts';
import { rfc5987 } from '../../exports/catalogue.ts';
import { isoDate } from '../../exports/format.ts';
import { buildFollowupReport, type FollowupReport } from '../../followup/report.ts';
import { renderFollowupNoticeDocx } from '../../followup/report-docx.ts';
import { renderFollowupXlsx } from '../../followup/report-xlsx.ts';
import { meetingActor } from '../followup-auth.ts';
import { organiserOnly, requireOrganiser } from '../organiser-auth.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';
import { sendThenPublish } from '../send-then-publish.ts';
import type { FollowupHttpDeps } from './followup-tasks.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const REPORTS = [
  { name: 'report.xlsx', contentType: XLSX, label: '督查通报', ext: 'xlsx', render: renderFollowupXlsx },
  { name: 'notice.docx', contentType: DOCX, label: '督查通报', ext: 'docx', render: renderFollowupNoticeDocx },
] as const;

async function sendReport(reply: FastifyReply, report: FollowupReport, kind: (typeof REPORTS)[number], stem: string): Promise<FastifyReply> {
  const bytes = await kind.render(report);
  const name = `${isoDate(report.asOf)} ${stem} ${kind.label}.${kind.ext}`;
  return reply
    .header('content-type', kind.contentType)
    .header('content-disposition', `attachment; filename="luoshi-${isoDate(report.asOf)}-followup.${kind.ext}"; filename*=UTF-8''${rfc5987(name)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Characters that cannot be in a file name. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

export function registerFollowupBoardRoutes(root: FastifyInstance, deps: FollowupHttpDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { records, followup, clock } = deps;
  const base = '/api/meetings/:meetingId/followup';

  app.get(base, { schema: { params: meetingIdParams } }, async (request) => {
    const { meetingId } = request.params;
    await meetingActor(request, deps, meetingId, true);
    return records.board(meetingId, clock());
  });

  app.post(`${base}/dispatch`, { schema: { params: meetingIdParams } }, async (request, reply) => {
    const { meetingId } = request.params;
    await meetingActor(request, deps, meetingId, true);
    const c = await followup.dispatch(meetingId);
    request.log.info({ meetingId, ...c.result }, 'follow-up tasks issued');
    return sendThenPublish(reply, c.result, c.publish);
  });

  app.post(`${base}/remind`, { schema: { params: meetingIdParams, body: remindRoundBody } }, async (request, reply) => {
    const { meetingId } = request.params;
    const actor = await meetingActor(request, deps, meetingId, true);
    const c = await followup.remindRound(meetingId, request.body, actor);
    request.log.info({ meetingId, reminded: c.result.reminded.length, reacted: c.result.reacted.length, tooSoon: c.result.tooSoon.length }, '催办 round');
    return sendThenPublish(reply, c.result, c.publish);
  });

  app.put(`${base}/deadline`, { schema: { params: meetingIdParams, body: requirementDeadlineBody } }, async (request, reply) => {
    const { meetingId } = request.params;
    const actor = await meetingActor(request, deps, meetingId, true);
    const { requirementId, deadline, comment } = request.body;
    const c = await followup.setRequirementDeadline(meetingId, requirementId, deadline, comment, actor);
    return sendThenPublish(reply, c.result, c.publish);
  });

  app.put(`${base}/scope`, { schema: { params: meetingIdParams, body: scopeBody } }, async (request, reply) => {
    const { meetingId } = request.params;
    const actor = await meetingActor(request, deps, meetingId, true);
    const { requirementId, venueIds } = request.body;
    const c = await followup.confirmScope(meetingId, requirementId, venueIds, actor);
    request.log.info({ meetingId, requirementId, venues: venueIds?.length ?? 'all', ...c.result }, '责任单位 confirmed');
    return sendThenPublish(reply, c.result, c.publish);
  });

  for (const kind of REPORTS) {
    app.get(`${base}/${kind.name}`, { schema: { params: meetingIdParams, querystring: reportQuery } }, async (request, reply) => {
      const { meetingId } = request.params;
      await meetingActor(request, deps, meetingId, true);
      const { meeting, tasks } = await records.meetingTasks(meetingId);
      const asOf = request.query.asOf ? new Date(request.query.asOf).toISOString() : clock().toISOString();
      const report = buildFollowupReport({ issuer: meeting.organiser, meetings: [{ meeting, tasks }] }, asOf, await records.thresholdsOf(meetingId));
      return sendReport(reply, report, kind, [...meeting.title.replace(UNSAFE, ' ')].slice(0, 60).join('').trim());
    });
  }

  // Across the organiser's meetings: organiser login only, authenticated before the body or query is validated.
  const { thresholds } = records;
  const onRequest = organiserOnly(deps.organisers);

  app.get('/api/followup', { onRequest }, async (request) => {
    const { organiser } = requireOrganiser(request);
    return records.overview(organiser.id, clock());
  });

  app.get('/api/followup/settings', { onRequest }, async (request) => {
    const { organiser } = requireOrganiser(request);
    return { thresholds: await thresholds(organiser.id) };
  });

  app.put('/api/followup/settings', { onRequest, schema: { body: thresholdsBody } }, async (request) => {
    const { organiser } = requireOrganiser(request);
    await records.saveThresholds(organiser.id, request.body, clock().toISOString());
    request.log.info({ organiserId: organiser.id, ...request.body }, 'follow-up thresholds saved');
    return { thresholds: await thresholds(organiser.id) };
  });

  for (const kind of REPORTS) {
    app.get(`/api/followup/${kind.name}`, { onRequest, schema: { querystring: reportQuery } }, async (request, reply) => {
      const { organiser } = requireOrganiser(request);
      const asOf = request.query.asOf ? new Date(request.query.asOf).toISOString() : clock().toISOString();
      const report = buildFollowupReport({ issuer: organiser.displayName, meetings: await records.organiserTasks(organiser.id) }, asOf, await thresholds(organiser.id));
      return sendReport(reply, report, kind, organiser.displayName.replace(UNSAFE, ' '));
    });
  }
}
