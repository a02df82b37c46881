// npm run user -- add|passwd|disable|enable|token …  — account administration from the shell,
// for when no one can sign in. Every change is audited as done by "cli".
//   npm run user -- add USERNAME ROLE [DISPLAY_NAME]   (asks for no password: prints a generated one)
//   npm run user -- passwd USERNAME                     (asks for it, or reads it from standard input)
//   npm run user -- passwd USERNAME --generate          (prints a generated one)
//   npm run user -- disable USERNAME | enable USERNAME
//   npm run user -- token USERNAME [NAME]               (prints a new personal API token)
//   npm run user -- list
import { prepareTracker } from '../server/services/open.js';
import { createInterface } from 'node:readline';
import { openDb } from '../db/client.js';
import { generatePassword } from '../server/auth/passwords.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { ValidationError } from '../server/forms.js';
import { translate } from '../server/i18n/messages.js';

const usage = `usage: npm run user -- add USERNAME ROLE [DISPLAY_NAME] | passwd USERNAME [--generate] | disable USERNAME | enable USERNAME | token USERNAME [NAME] | list
roles: admin, office, leader, staff
passwd asks for the new password (twice) or reads it from standard input: echo "$PW" | npm run user -- passwd USERNAME`;

/** A password never comes on the command line: it would stay in the shell history and show in ps. */
class UsageError extends Error {}

/** Asks twice without echo at a terminal; otherwise the first line of standard input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const line = text.split(/\r?\n/)[0] ?? '';
    if (!line) throw new UsageError('no password on standard input (or use --generate)');
    return line;
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (text: string) => void };
      // Show the question, not what is typed.
      output._writeToOutput = (text: string) => {
        if (text.includes(question)) process.stdout.write(text);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('New password: ');
  const again = await ask('Again: ');
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}

async function main(argv: string[]): Promise<number> {
  const [command, username, third, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  try {
    const { services } = prepareTracker(db, config, { demoData: false });
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
        if (third !== undefined && third !== '--generate') throw new UsageError('the password is not taken on the command line (it would stay in the shell history): type it when asked, or pipe it in');
        const user = find();
        const generated = third === '--generate';
        const password = generated ? generatePassword() : await readPassword();
        await accounts.setPassword(actor, user.id, password);
        console.log(`password of ${user.username} set${generated ? `: ${password}` : ''}; their sessions were ended`);
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
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${usage}`);
      process.exit(2);
    }
    if (error instanceof ValidationError) {
      console.error(Object.entries(error.fields).map(([field, e]) => `${field}: ${translate('en', e.key, e.params)}`).join('\n'));
    } else {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    }
    process.exit(1);
  },
);
