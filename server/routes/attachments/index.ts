// Downloading an attachment: only to users who may see the record it belongs to (a reader per
// kind of record, registered here), with its original name and type, never sniffed by the browser.
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { contentDisposition } from '../../exports/content-disposition.js';
import { HttpError } from '../../http-errors.js';
import { parseId } from '../parse.js';

const routes: FastifyPluginAsync = async (app) => {
  // Everyone signed in reads agreements and documents; restricted records register stricter rules.
  app.attachments.registerReader('agreement', () => true);
  app.attachments.registerReader('document', () => true);

  app.get<{ Params: { id: string } }>('/attachments/:id', { config: { access: 'read' } }, async (request, reply) => {
    if (!request.user) throw new HttpError(401, 'unauthorized', 'login.title');
    const { row, path, extension } = app.attachments.open(request.user, parseId(request.params.id));
    return reply
      .type(row.mimeType)
      .header('content-length', row.size)
      .header('content-disposition', contentDisposition('attachment', row.originalName, `attachment-${row.id}.${extension}`))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(createReadStream(path));
  });
};

export default routes;
