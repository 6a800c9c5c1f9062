/** Handlers for the secretary desk's edits (host may use them too). */
import {
  requirementAddRequest,
  requirementEditRequest,
  requirementIdRequest,
  requirementMergeRequest,
  requirementSplitRequest,
  requirementUndoRequest,
  segmentEditRequest,
} from '../../../shared/protocol/schemas.ts';
import type { Role } from '../../../shared/protocol/domain.ts';
import { registerCommand } from '../command.ts';
import type { RealtimeDeps } from '../deps.ts';
import type { LuoshiSocket } from '../types.ts';

const EDITORS: readonly Role[] = ['secretary', 'host'];

export function registerSecretaryHandlers(socket: LuoshiSocket, deps: RealtimeDeps): void {
  const { secretary, log } = deps;

  registerCommand(socket, 'segment:edit', {
    schema: segmentEditRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.editSegment(s, req.segmentId, req.text);
      return { data: c.result, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:edit', {
    schema: requirementEditRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.edit(s, req);
      return { data: { requirement: c.result }, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:merge', {
    schema: requirementMergeRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.merge(s, req.requirementIds);
      return { data: c.result, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:split', {
    schema: requirementSplitRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.split(s, req.requirementId, req.at);
      return { data: c.result, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:add', {
    schema: requirementAddRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.add(s, req);
      return { data: { requirement: c.result }, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:undo', {
    schema: requirementUndoRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.undo(s, req.undoId);
      return { data: c.result, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:publish', {
    schema: requirementIdRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.publish(s, req.requirementId);
      return { data: { requirement: c.result }, publish: c.publish };
    },
  }, log);

  registerCommand(socket, 'requirement:withdraw', {
    schema: requirementIdRequest,
    roles: EDITORS,
    handler: async (req, s) => {
      const c = await secretary.withdraw(s, req.requirementId);
      return { data: { requirement: c.result }, publish: c.publish };
    },
  }, log);
}
