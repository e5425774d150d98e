/**
 * `npm run -s setup -- …`: the first run of a deployment without the demo (issue #14 item 1),
 * non-interactive and idempotent. Creates the tenant, its default working calendar (office
 * hours and Vietnam's statutory holidays), the hotline agency and the first administrator, in
 * one audited transaction, on the database the server uses (DATABASE_URL or DATA_DIR).
 *
 *   npm run -s setup -- --tenant-code QNAM --tenant-name "Tỉnh Quảng Nam" --kind province \
 *     --hotline 1022 --admin-username quantri --admin-name "Nguyễn Văn A" \
 *     --admin-password-file /run/secrets/admin-password [--office-hours default]
 *
 * Exit 0 when created, or when run again with the same tenant code and administrator (nothing
 * changes); exit 1 when refused (another administrator exists, weak password…); exit 2 on
 * wrong usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { setupBody } from '../contract/setup.ts';
import { AppError, ERRORS } from '../core/errors/codes.ts';
import { buildServices } from '../app/services.ts';
import { openCli, fail } from './shared.ts';

const usage = `usage: npm run -s setup -- --tenant-code CODE --tenant-name NAME --kind province|district
  [--hotline 1022] --admin-username USER --admin-name "FULL NAME"
  (--admin-password-file FILE | --admin-password-env VAR) [--office-hours default]`;

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      'tenant-code': { type: 'string' },
      'tenant-name': { type: 'string' },
      kind: { type: 'string' },
      hotline: { type: 'string', default: '1022' },
      'admin-username': { type: 'string' },
      'admin-name': { type: 'string' },
      'admin-password-file': { type: 'string' },
      'admin-password-env': { type: 'string' },
      'office-hours': { type: 'string', default: 'default' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}
try {
  args = parse();
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`);
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

function password(): string {
  const file = args['admin-password-file'];
  const envVar = args['admin-password-env'];
  if (Boolean(file) === Boolean(envVar))
    fail(`give exactly one of --admin-password-file and --admin-password-env\n${usage}`);
  if (file) {
    try {
      // A file written by `echo` ends with a newline that is not part of the password.
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      fail(`cannot read the password file ${file}: ${(err as Error).message}`);
    }
  }
  const v = process.env[envVar!];
  if (!v) fail(`the environment variable ${envVar} is empty or not set`);
  return v;
}

const parsed = setupBody.safeParse({
  tenant: {
    code: args['tenant-code'],
    name: args['tenant-name'],
    kind: args.kind,
    hotline: args.hotline,
  },
  admin: {
    username: args['admin-username'],
    displayName: args['admin-name'],
    password: password(),
  },
  officeHours: args['office-hours'],
});
if (!parsed.success) {
  const flag = (path: PropertyKey[]) =>
    ({
      'tenant.code': '--tenant-code',
      'tenant.name': '--tenant-name',
      'tenant.kind': '--kind',
      'tenant.hotline': '--hotline',
      'admin.username': '--admin-username',
      'admin.displayName': '--admin-name',
      'admin.password': 'the administrator password',
      officeHours: '--office-hours',
    })[path.join('.')] ?? path.join('.');
  fail(
    `invalid set-up:\n${parsed.error.issues.map((i) => `  ${flag(i.path)}: ${i.message}`).join('\n')}\n${usage}`,
  );
}

const { ctx, conn } = await openCli();
let code = 0;
try {
  const r = await buildServices(ctx).setup.initialize(
    parsed.data,
    { via: 'cli' },
    { idempotent: true },
  );
  if (r.outcome === 'created') {
    process.stdout.write(
      `set up: tenant ${r.tenantCode} (${parsed.data.tenant.name}), its default working calendar ` +
        `(office hours, Vietnam's statutory holidays), the hotline agency ${parsed.data.tenant.hotline} ` +
        `and the administrator ${r.adminUsername}; sign in at ${ctx.env.PUBLIC_URL}\n`,
    );
  } else {
    process.stdout.write(
      `already set up: tenant ${r.tenantCode} with administrator ${r.adminUsername} exists; nothing changed\n`,
    );
  }
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  code = 1;
  const e = ERRORS[err.code];
  const details = Array.isArray(err.details)
    ? z
        .array(z.object({ path: z.string(), message: z.string() }))
        .catch([])
        .parse(err.details)
        .map((d) => `  ${d.path}: ${d.message}\n`)
        .join('')
    : '';
  process.stderr.write(`refused (${err.code}): ${e.vi}\n  ${e.en}\n${details}`);
  if (err.code === 'setup_done')
    process.stderr.write(
      '  An administrator signs in to the staff app to add accounts; this command never replaces one.\n',
    );
} finally {
  await conn.close();
}
process.exit(code);
