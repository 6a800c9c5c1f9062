/** validate → persist → ack → broadcast, over HTTP: the reply is the ack. */
import type { FastifyReply } from 'fastify';

/** Send the reply, then broadcast what the command committed (the caller hears first). */
export function sendThenPublish<T>(reply: FastifyReply, data: T, publish: () => void): FastifyReply {
  void reply.send(data);
  publish();
  return reply;
}
