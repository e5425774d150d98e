import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { systemClock } from '../../app/context.ts';
import { appendAudit, sealAuditChains } from './audit.repository.ts';
import { makeCheckpoints, verifyWithCheckpoints, type CheckpointConfig } from './checkpoint.ts';
import { signingKey } from './signing.ts';
import { httpTimestampAuthority, readToken, timestampRequest } from './tsa.ts';

/**
 * RFC 3161 time-stamps of checkpoints against a fake authority that follows the RFC: OpenSSL's
 * own `openssl ts -reply` behind HTTP (a real authority is a cloud service we cannot reach).
 */
function fakeAuthority(name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-tsa-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sh = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  sh(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.crt',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'extendedKeyUsage=critical,timeStamping',
    '-addext',
    'basicConstraints=CA:FALSE',
  );
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(
    path.join(dir, 'tsa.cnf'),
    '[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\nsigner_digest = sha256\n' +
      'default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n',
  );
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(415).end();
        return;
      }
      writeFileSync(path.join(dir, 'q.tsq'), Buffer.concat(chunks));
      sh(
        'ts',
        '-reply',
        '-queryfile',
        'q.tsq',
        '-inkey',
        'tsa.key',
        '-signer',
        'tsa.crt',
        '-config',
        'tsa.cnf',
        '-out',
        'r.tsr',
      );
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(readFileSync(path.join(dir, 'r.tsr')));
    });
  });
  after(() => server.close());
  return new Promise<{ url: string; ca: string }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${a.port}/`, ca: path.join(dir, 'tsa.crt') });
    }),
  );
}

const key = signingKey(randomBytes(32).toString('base64'));

async function stampedChain(tsaUrl: string, records = 2) {
  const t = await testDatabase();
  after(t.drop);
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-cp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg: CheckpointConfig = {
    key,
    verifyKey: key.publicKey,
    dir,
    email: false,
    tsa: httpTimestampAuthority(tsaUrl),
  };
  for (let i = 0; i < records; i++) {
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, {
        tenantId: null,
        actorId: null,
        actorLabel: 'x',
        action: 'a',
        entityType: 'e',
        entityId: String(i),
        data: {},
        at: new Date(),
      }),
    );
    await sealAuditChains(t.db, new Date());
    await makeCheckpoints({ db: t.db, clock: systemClock }, cfg);
  }
  return { ...t, cfg };
}

test('R-REC-1 a time-stamp request is the DER the RFC describes', () => {
  const q = timestampRequest('x', Buffer.from('0102030405060708', 'hex'));
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-tsq-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'q.tsq'), q);
  const text = execFileSync('openssl', ['ts', '-query', '-in', 'q.tsq', '-text'], {
    cwd: dir,
  }).toString();
  assert.match(text, /Hash Algorithm: sha256/);
  assert.match(text, /Nonce: 0x0102030405060708/);
  assert.match(text, /Certificate required: yes/);
});

test('R-REC-1 checkpoints are time-stamped by an RFC 3161 authority and verify checks the tokens', async () => {
  const tsa = await fakeAuthority('Fake TSA');
  const s = await stampedChain(tsa.url);
  const rows = await s.db.selectFrom('audit_checkpoint').select(['tsa_token']).execute();
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.tsa_token));
  const tok = readToken(Buffer.from(rows[0]!.tsa_token!, 'base64'));
  assert.ok(Math.abs(tok.genTime.getTime() - Date.now()) < 60_000);
  const ok = await verifyWithCheckpoints(s.db, { ...s.cfg, tsaCaFile: tsa.ca });
  assert.equal(ok.result.ok, true, JSON.stringify(ok.result));
  assert.equal(ok.stamped, 4, 'two checkpoints, each in the database and in its file');

  // Another authority's certificate: the signatures are not its.
  const other = await fakeAuthority('Other TSA');
  const foreign = await verifyWithCheckpoints(s.db, { ...s.cfg, tsaCaFile: other.ca });
  assert.match(
    !foreign.result.ok ? foreign.result.reason : '',
    /not signed by the configured authority/,
  );

  // A token moved to another checkpoint stamps another text.
  rmSync(s.cfg.dir, { recursive: true, force: true });
  await sql`ALTER TABLE audit_checkpoint DISABLE TRIGGER USER`.execute(s.db);
  await sql`UPDATE audit_checkpoint SET tsa_token = (SELECT tsa_token FROM audit_checkpoint WHERE chain_seq = 1) WHERE chain_seq = 2`.execute(
    s.db,
  );
  await sql`ALTER TABLE audit_checkpoint ENABLE TRIGGER USER`.execute(s.db);
  const moved = await verifyWithCheckpoints(s.db, s.cfg);
  assert.match(
    !moved.result.ok ? moved.result.reason : '',
    /checkpoint of record 2 \(database\): its time-stamp token stamps another text/,
  );
});

test('R-REC-1 an unreachable authority does not stop checkpoints', async () => {
  const s = await stampedChain('http://127.0.0.1:9/', 1);
  const rows = await s.db.selectFrom('audit_checkpoint').select(['tsa_token']).execute();
  assert.deepEqual(rows, [{ tsa_token: null }]);
});
