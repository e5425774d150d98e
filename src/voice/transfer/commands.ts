/**
 * The telephony node's side of live-call commands: it LISTENs on `open1022_call_command`;
 * a command for a call bridged on this node is taken (one UPDATE: no other node runs it),
 * carried out on the call, and its result written back for the API node that waits on it.
 * Commands for calls this node does not hold are left to the others.
 */
import pg from 'pg';
import { can } from '../../core/access/permissions.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { DB } from '../../db/database.ts';
import type { QueuedCall, TransferMode } from '../acd/queued-call.ts';
import {
  CALL_COMMAND_CHANNEL,
  transferRepository as repo,
  type CommandResult,
} from './transfer.repository.ts';

export interface CommandLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Taken {
  kind: string;
  args: Record<string, unknown>;
  actor_id: string;
  actor_role: string;
}

/** Carries out one command on a call held here (pure call control, no SQL). */
export async function runCommand(call: QueuedCall, c: Taken): Promise<CommandResult> {
  // The operator on the call, or whoever may steer anyone's calls (supervisors).
  if (!can(c.actor_role, 'call.transfer_any') && call.operatorId !== c.actor_id)
    throw new AppError('transfer_not_your_call');
  switch (c.kind) {
    case 'transfer':
      await call.transfer({
        target: String(c.args.target),
        mode: c.args.mode === 'attended' ? 'attended' : ('blind' satisfies TransferMode),
        via: 'api',
        byUserId: c.actor_id,
      });
      return { ok: true, state: 'dialing' };
    case 'complete':
      await call.completeTransfer(c.actor_id);
      return { ok: true, state: 'completed' };
    case 'cancel':
      await call.cancelTransfer(c.actor_id);
      return { ok: true, state: 'cancelled' };
    default:
      throw new AppError('bad_request');
  }
}

export class CallCommandListener {
  private client: pg.Client | null = null;

  constructor(
    private readonly dbUrl: string,
    private readonly db: DB,
    /** This node's bridged calls, by call record id. */
    private readonly calls: Map<string, QueuedCall>,
    private readonly log: CommandLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.dbUrl });
    client.on('error', (err) => this.log.warn({ err }, 'call command listener error'));
    client.on('notification', (m) => {
      if (m.channel !== CALL_COMMAND_CHANNEL || !m.payload) return;
      let msg: { id?: unknown; callId?: unknown };
      try {
        msg = JSON.parse(m.payload) as typeof msg;
      } catch {
        return;
      }
      if (typeof msg.id !== 'string' || typeof msg.callId !== 'string') return;
      if (!this.calls.has(msg.callId)) return;
      void this.handle(msg.id, msg.callId).catch((err: unknown) =>
        this.log.error({ err, command: msg.id }, 'call command failed'),
      );
    });
    await client.connect();
    await client.query(`LISTEN ${CALL_COMMAND_CHANNEL}`);
    this.client = client;
  }

  private async handle(id: string, callId: string): Promise<void> {
    const c = await repo.take(this.db, id);
    if (!c) return;
    const call = this.calls.get(callId);
    let result: CommandResult;
    if (!call) result = { ok: false, code: 'call_not_live' };
    else {
      try {
        result = await runCommand(call, c);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result = { ok: false, code: err.code };
      }
    }
    await repo.done(this.db, id, result, this.now());
  }

  async stop(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
