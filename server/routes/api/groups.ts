// API resources of the groups area, registered by ./index.ts.
import type { FastifyInstance } from 'fastify';

export function registerGroupsApi(_app: FastifyInstance): void {}
