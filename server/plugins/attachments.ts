// File uploads: multipart forms parsed before the auth plugin's checks, so the CSRF token travels
// as an ordinary hidden field (`_csrf`) and is checked like any form's. Text fields become plain
// strings in `request.body`; the one file allowed becomes an Upload ({ fileName, declaredType,
// data, truncated }) — cut off at UPLOAD_MAX_MB and marked so, for the route to refuse with a
// clear message. Decorates the instance with `attachments` (storage under the data folder).
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { attachmentsDir, checkDataDir } from '../services/data-dir.js';
import { createAttachmentService, type AttachmentService, type Upload } from '../services/attachments.js';

declare module 'fastify' {
  interface FastifyInstance {
    attachments: AttachmentService;
  }
}

export { attachmentsDir };

/** An upload from a parsed multipart body, or null when the field holds none. */
export function uploadOf(value: unknown): Upload | null {
  if (!value || typeof value !== 'object' || !Buffer.isBuffer((value as Upload).data)) return null;
  return value as Upload;
}

export default fp(
  async (app, opts: { config: Config }) => {
    checkDataDir(opts.config, attachmentsDir(opts.config));
    const maxBytes = opts.config.UPLOAD_MAX_MB * 1024 * 1024;
    const service = createAttachmentService(app.db, { dir: attachmentsDir(opts.config), maxBytes });
    const removed = service.sweepOrphans();
    if (removed.length) app.log.warn({ removed }, 'removed files left by interrupted uploads');
    app.decorate('attachments', service);

    await app.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 50, parts: 60, fieldSize: 100_000 },
      async onFile(part: MultipartFile) {
        // Nobody signed in: read the file to the end without keeping it.
        if (!this.user) {
          for await (const _chunk of part.file) void _chunk;
          (part as unknown as { value: unknown }).value = null;
          return;
        }
        const data = await part.toBuffer();
        const upload: Upload = { fileName: part.filename, declaredType: part.mimetype, data: part.file.truncated ? Buffer.alloc(0) : data, truncated: part.file.truncated };
        (part as unknown as { value: unknown }).value = upload;
      },
    });
  },
  { name: 'attachments', dependencies: ['db', 'auth'] },
);
