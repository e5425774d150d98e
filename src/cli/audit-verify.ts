/**
 * `npm run -s audit:verify`: seals any committed records not yet chained (as the workers do),
 * then re-reads every chain (R-REC-1) and holds it to every signed checkpoint, in the database
 * and in the export directory (issue #12, finding 4). Exit 0 and a summary when intact; exit 1
 * naming the first bad record otherwise. Without AUDIT_SIGNING_KEY or AUDIT_PUBLIC_KEY it says
 * that the chain is not pinned: a rewrite with every later hash recomputed, a backdated insert
 * or a deleted tail then go unnoticed.
 */
import { sealAuditChains } from '../modules/audit/audit.repository.ts';
import { checkpointConfig, verifyWithCheckpoints } from '../modules/audit/checkpoint.ts';
import { openCli } from './shared.ts';

const { ctx, conn } = await openCli();
let code = 0;
try {
  const cfg = checkpointConfig(ctx.env);
  const backdated: string[] = [];
  await sealAuditChains(ctx.db, new Date(), {
    onBackdated: (r) => backdated.push(`record ${r.chainSeq} of chain ${r.chain}`),
  });
  if (backdated.length)
    process.stdout.write(
      `sealed records dated before their chain's head: ${backdated.join(', ')}\n`,
    );
  const { result: r, pinned, exported, stamped } = await verifyWithCheckpoints(ctx.db, cfg);
  if (r.ok) {
    process.stdout.write(
      `audit chain intact: ${r.count} records in ${r.chains} chain(s)` +
        (r.unsealed ? `; ${r.unsealed} committed since, not yet sealed` : '') +
        '\n',
    );
    if (pinned)
      process.stdout.write(
        `checked against ${r.checkpoints} signed checkpoint(s) (${exported} file(s) in ${cfg.dir})` +
          (r.untrusted ? `; ${r.untrusted} ignored: not signed by the configured key` : '') +
          (stamped
            ? `; ${stamped} RFC 3161 time-stamp(s) match${cfg.tsaCaFile ? ', signatures checked' : ''}`
            : '') +
          '\n',
      );
  } else {
    process.stdout.write(
      `audit chain BROKEN${r.badSeq ? ` at record ${r.badSeq}` : ''} (chain ${r.chain}): ${r.reason} (${r.count} records verified before it)\n`,
    );
    code = 1;
  }
  if (!pinned)
    process.stdout.write(
      'WARNING: no AUDIT_SIGNING_KEY or AUDIT_PUBLIC_KEY: no signed checkpoint was checked, so a rewrite with every later hash recomputed, a backdated insert or a deleted tail would not be detected\n',
    );
} finally {
  await conn.close();
}
process.exit(code);
