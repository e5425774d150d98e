/**
 * What a telephony node needs for transfers, in one place for `telephony.ts` and the tests:
 * the trunk directory, the recorder of transfer progress, the listener of API commands.
 */
import type { SecretBox } from '../../config/secret-box.ts';
import type { DB } from '../../db/database.ts';
import type { TransferEvent } from '../acd/queued-call.ts';
import type { TelephonyService } from '../service.ts';
import { TrunkDirectory } from '../trunk/directory.ts';
import { CallCommandListener, type CommandLog } from './commands.ts';
import { transferRepository } from './transfer.repository.ts';

export function transferDeps(opts: {
  db: DB;
  dbUrl: string;
  tenantId: string;
  log: CommandLog;
  now: () => Date;
  /** Opens the trunk's sealed password (`SECRETS_KEY`). */
  box: SecretBox | null;
  /** How long the trunks read from PostgreSQL are kept (ms). */
  trunkTtlMs?: number;
}) {
  // Records are written in order per call: a final state never overtakes its 'dialing'.
  let chain: Promise<void> = Promise.resolve();
  const pending = new Set<Promise<void>>();
  return {
    trunks: new TrunkDirectory(opts.db, opts.tenantId, opts.now, opts.box, opts.trunkTtlMs),
    onTransfer(e: TransferEvent): void {
      const p = (chain = chain
        .then(() =>
          opts.db.transaction().execute((trx) => transferRepository.record(trx, opts.tenantId, e)),
        )
        .catch((err: unknown) =>
          opts.log.error({ err, call: e.callRecordId }, 'transfer not recorded'),
        ));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    /** Starts listening for commands to `service`'s calls; returns the stop function. */
    async listen(service: TelephonyService): Promise<() => Promise<void>> {
      const l = new CallCommandListener(opts.dbUrl, opts.db, service.bridged, opts.log, opts.now);
      await l.start();
      return async () => {
        await l.stop();
        await Promise.allSettled([...pending]);
      };
    },
  };
}
