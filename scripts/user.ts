// npm run user -- add|passwd|disable|enable|token …  — account administration from the shell,
// for when no one can sign in. Every change is audited as done by "cli".
//   npm run user -- add USERNAME ROLE [DISPLAY_NAME]   (asks for no password: prints a generated one)
//   npm run user -- passwd USERNAME [PASSWORD]          (generates one when omitted)
//   npm run user -- disable USERNAME | enable USERNAME
//   npm run user -- token USERNAME [NAME]               (prints a new personal API token)
//   npm run user -- list
import { openDb } from '../db/client.js';
import { generatePassword } from '../server/auth/passwords.js';
import { createClock } from '../server/clock.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { ValidationError } from '../server/forms.js';
import { translate } from '../server/i18n/messages.js';
import { createServices } from '../server/services/index.js';
import { setupDatabase } from '../server/services/setup.js';
import { auditKeyPath, useAuditKey } from '../server/services/audit-key.js';

const usage = `usage: npm run user -- add USERNAME ROLE [DISPLAY_NAME] | passwd USERNAME [PASSWORD] | disable USERNAME | enable USERNAME | token USERNAME [NAME] | list
roles: admin, office, leader, staff`;

async function main(argv: string[]): Promise<number> {
  const [command, username, third, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  try {
    setupDatabase(db, { demoData: false });
    useAuditKey(db, auditKeyPath(config));
    const services = createServices(db, createClock(config.TODAY), {
      passwordMinLength: config.PASSWORD_MIN_LENGTH,
      sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
      sessionMaxHours: config.SESSION_MAX_HOURS,
    });
    const actor = { userId: null, username: 'cli', ip: null };
    const accounts = services.accounts;
    const find = () => {
      const user = username ? accounts.findByUsername(username) : null;
      if (!user) throw new Error(`no user named ${username ?? '(missing)'}`);
      return user;
    };
    switch (command) {
      case 'list':
        for (const u of accounts.list()) console.log(`${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName}`);
        return 0;
      case 'add': {
        const password = generatePassword();
        await accounts.create(actor, { username, displayName: rest.length ? rest.join(' ') : username, role: third, groupIds: [] }, password);
        console.log(`created ${username} (${third}); password: ${password}`);
        return 0;
      }
      case 'passwd': {
        const user = find();
        const password = third ?? generatePassword();
        await accounts.setPassword(actor, user.id, password);
        console.log(`password of ${user.username} set${third ? '' : `: ${password}`}; their sessions were ended`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = find();
        accounts.setDisabled(actor, user.id, command === 'disable');
        console.log(`${user.username} ${command}d`);
        return 0;
      }
      case 'token': {
        const user = find();
        console.log(accounts.createToken(actor, user.id, [third, ...rest].filter(Boolean).join(' ') || 'cli'));
        return 0;
      }
      default:
        console.error(usage);
        return 2;
    }
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ValidationError) {
      console.error(Object.entries(error.fields).map(([field, e]) => `${field}: ${translate('en', e.key, e.params)}`).join('\n'));
    } else {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    }
    process.exit(1);
  },
);
