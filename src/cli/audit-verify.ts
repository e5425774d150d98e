/**
 * `npm run -s audit:verify`: seals any committed records not yet chained (as the workers do),
 * then re-reads every chain (R-REC-1). Exit 0 and a summary when intact; exit 1 naming the
 * first bad record otherwise.
 */
import { sealAuditChains, verifyAuditChain } from '../modules/audit/audit.repository.ts';
import { openCli } from './shared.ts';

const { ctx, conn } = await openCli();
let code = 0;
try {
  await sealAuditChains(ctx.db, new Date());
  const r = await verifyAuditChain(ctx.db);
  if (r.ok) {
    process.stdout.write(
      `audit chain intact: ${r.count} records in ${r.chains} chain(s)` +
        (r.unsealed ? `; ${r.unsealed} committed since, not yet sealed` : '') +
        '\n',
    );
  } else {
    process.stdout.write(
      `audit chain BROKEN at record ${r.badSeq} (chain ${r.chain}): ${r.reason} (${r.count} records verified before it)\n`,
    );
    code = 1;
  }
} finally {
  await conn.close();
}
process.exit(code);
