// Server-rendered Handlebars views: one layout, partials, helpers, and `reply.page()` which adds
// what every page needs (locale, navigation, today) to the route's view model.
import fastifyView from '@fastify/view';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helpers } from '../../views/helpers/index.js';
import type { Config } from '../config.js';
import { allows, type Resource } from '../auth/policy.js';
import { locales, translate, type Locale } from '../i18n/messages.js';

export const viewsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../views');

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
  interface FastifyInstance {
    /** Renders views/<name>.hbs alone (no layout) with the common page context, to a string (for reuse). */
    renderView(name: string, request: FastifyRequest, model: Record<string, unknown>): string;
  }
  interface FastifyReply {
    /** Renders views/<name>.hbs (e.g. 'pages/enterprises/list') in the layout with the common page context. */
    page(name: string, model: Record<string, unknown> & { title?: string; nav?: string }): FastifyReply;
  }
}

const resources: Resource[] = ['plan', 'stages', 'items', 'itemClosure', 'groups', 'meetings', 'instructions', 'users', 'audit'];

function partialsOf(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const file of readdirSync(join(viewsRoot, dir))) {
    if (file.endsWith('.hbs')) found[basename(file, '.hbs')] = `${dir}/${file}`;
  }
  return found;
}

export function createHandlebars() {
  const hbs = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn as Handlebars.HelperDelegate);
  return hbs;
}

export default fp(
  async (app, opts: { config: Config }) => {
    const hbs = createHandlebars();
    await app.register(fastifyView, {
      engine: { handlebars: hbs },
      root: viewsRoot,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      production: true,
      options: { partials: partialsOf('partials') },
    });

    app.decorateRequest('locale', 'zh-CN');
    app.addHook('onRequest', async (request) => {
      const chosen = request.cookies?.lang;
      request.locale = (locales as readonly string[]).includes(chosen ?? '') ? (chosen as Locale) : opts.config.DEFAULT_LOCALE;
    });

    /** What every page's templates may use besides the route's model. */
    function pageContext(request: FastifyRequest, model: Record<string, unknown> & { title?: string; nav?: string }) {
      const locale = request.locale;
      const title = model.title ? `${model.title} · ${translate(locale, 'app.shortName')}` : translate(locale, 'app.name');
      return {
        ...model,
        locale,
        lang: locale === 'en' ? 'en' : 'zh-CN',
        pageTitle: title,
        today: app.clock.today(),
        clockPinned: app.clock.pinned,
        otherLocale: locale === 'en' ? 'zh-CN' : 'en',
        langHref: `/lang/${locale === 'en' ? 'zh-CN' : 'en'}?next=${encodeURIComponent(request.url)}`,
        nav: model.nav ?? '',
        user: request.user,
        isAdmin: request.user?.role === 'admin',
        // What the user may write, for showing edit links (the server checks again on every write).
        can: Object.fromEntries(resources.map((r) => [r, allows(request.user, { write: r })])),
        csrfToken: request.session?.csrf ?? '',
        // The organisation the admin named on /admin/settings (the header shows it).
        org: app.services.settings.get(),
        // Unread messages in the inbox (the header's badge), counted up to 100.
        unread: request.user ? app.services.inbox.unreadCount(request.user.id) : 0,
      };
    }

    const compiled = new Map<string, Handlebars.TemplateDelegate>();
    app.decorate('renderView', (name: string, request: FastifyRequest, model: Record<string, unknown>) => {
      let template = compiled.get(name);
      if (!template) {
        template = hbs.compile(readFileSync(join(viewsRoot, `${name}.hbs`), 'utf8'));
        compiled.set(name, template);
      }
      return template(pageContext(request, model));
    });

    app.decorateReply('page', function (this: import('fastify').FastifyReply, name: string, model: Record<string, unknown> & { title?: string; nav?: string }) {
      return this.type('text/html; charset=utf-8').view(`${name}.hbs`, pageContext(this.request, model)) as unknown as import('fastify').FastifyReply;
    });
  },
  { name: 'views', dependencies: ['db'] },
);
