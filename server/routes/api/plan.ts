// API resources of the plan area, registered by ./index.ts.
import type { FastifyInstance } from 'fastify';

export function registerPlanApi(_app: FastifyInstance): void {}
