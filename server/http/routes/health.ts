/**
 * `GET /api/health`: 200 while the database can be written, 503 when it cannot (write probe, file
 * identity; db/storage-health.ts, db/postgres-health.ts). The body also carries the recogniser's
 * status and the finals heard but not stored yet, for the operator's monitoring.
 */
import type { FastifyInstance } from 'fastify';
import type { StorageHealth } from '../../db/storage-health.ts';
import type { ModelStatus } from '../../transcription/types.ts';

export interface HealthDeps {
  storage: Pick<StorageHealth, 'check'>;
  /** The recogniser's status, null before it was created. */
  modelStatus(): ModelStatus | null;
  /** Final segments recognised but not stored yet, across every stream of this node. */
  pendingFinals(): number;
}

export function registerHealthRoute(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/api/health', async (_request, reply) => {
    const status = deps.storage.check();
    const body = { ok: status.ok, model: deps.modelStatus(), storage: { ...status, pendingFinals: deps.pendingFinals() } };
    return reply.status(status.ok ? 200 : 503).send(body);
  });
}
