// Page fragments for htmx: a partial rendered on its own, without the layout (the views plugin's
// layout is global and cannot be dropped per reply). Same Handlebars helpers and partials.
import type { TemplateDelegate } from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHandlebars, viewsRoot } from '../../plugins/views.js';

const compiled = new Map<string, TemplateDelegate>();

function template(source: string): TemplateDelegate {
  let found = compiled.get(source);
  if (!found) {
    const hbs = createHandlebars();
    const dir = join(viewsRoot, 'partials');
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.hbs')) hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8'));
    }
    found = hbs.compile(source);
    compiled.set(source, found);
  }
  return found;
}

/** Whether the request comes from htmx (which then wants a fragment, not a page). */
export const fromHtmx = (request: FastifyRequest) => request.headers['hx-request'] === 'true';

/**
 * Sends one partial as HTML, e.g. fragment(request, reply, '{{#each rows}}{{> item-row}}{{/each}}', { rows }).
 * The root context carries what partials expect of a page: locale, csrfToken, can.
 */
export function sendFragment(request: FastifyRequest, reply: FastifyReply, source: string, model: Record<string, unknown>, status = 200) {
  const html = template(source)({ locale: request.locale, csrfToken: request.session?.csrf ?? '', user: request.user, ...model });
  return reply.status(status).type('text/html; charset=utf-8').header('vary', 'HX-Request').send(html);
}
