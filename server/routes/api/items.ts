// API resources of the items area, registered by ./index.ts.
import type { FastifyInstance } from 'fastify';

export function registerItemsApi(_app: FastifyInstance): void {}
