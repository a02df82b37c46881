// The request log: what pino writes for each request, without secrets. A calendar feed's address
// carries a feed token (?token=…), which must not end up in log files that others read: every
// logged address has its token replaced.
import type { DestinationStream } from 'pino';
import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are never logged. */
const SECRET_PARAMS = /([?&](?:token|access_token|password)=)[^&#]*/gi;

export const redactUrl = (url: string) => url.replace(SECRET_PARAMS, '$1[redacted]');

/** Fastify's request serializer with the address redacted. */
export function requestSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    hostname: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Logger options for Fastify: the level, the redacting serializer, and a stream for tests. */
export function loggerOptions(level: string, stream?: DestinationStream) {
  return { level, serializers: { req: requestSerializer }, ...(stream ? { stream } : {}) };
}
