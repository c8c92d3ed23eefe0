import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../portal/portal-context.js';
import { guard } from '../portal/refuse.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board (the distributed mode's queues: waiting, active, failed jobs, retries) behind the admins' link session.
 * The board is a script-driven page of its own: its responses get a CSP that lets its own scripts and styles run,
 * still from this origin only (its <base href> too; its web fonts from Google are not loaded); the portal's pages keep
 * theirs (no script at all).
 */
const BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export async function registerQueueBoard(app: FastifyInstance, context: PortalContext, queues: readonly Queue[]): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!guard(request, reply, context, ['admin'])) return reply;
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      return payload;
    });
    const serverAdapter = new FastifyAdapter();
    createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
