/**
 * The telephony harness of the voice tests: a TelephonyService on 127.0.0.1 (a free SIP port,
 * its own RTP range and data folder) wired to the test app's database as
 * `src/voice/telephony.ts` wires it — registrar, ACD, call records, transfers — each only when
 * the test asks for it; or the real server process with TELEPHONY=1 (`startTelephonyServer`).
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { TestApp } from '../../helpers/app.ts';
import type { testDatabase } from '../../helpers/db.ts';
import { startServer } from '../../helpers/server-process.ts';
import { AgentDirectory } from '../../../src/voice/acd/directory.ts';
import { callsRepository } from '../../../src/voice/calls/calls.repository.ts';
import type { IvrFlow } from '../../../src/voice/ivr/flow.ts';
import { Registrar, type RegistrarDeps } from '../../../src/voice/registrar.ts';
import { NonceKeeper } from '../../../src/voice/sip/digest.ts';
import {
  TelephonyService,
  type CallRecord,
  type TelephonyConfig,
  type TelephonyDeps,
  type TelephonyLog,
} from '../../../src/voice/service.ts';
import type { SipWebSocketHub } from '../../../src/voice/ws-endpoint.ts';
import { freeUdpPort, tempDir, until } from './peers.ts';

export interface TelephonyOptions {
  /** The flow that answers every call, or the flow for a dialled number. */
  flow: IvrFlow | ((called: string) => IvrFlow);
  /** Prefix of the data folder (prompts, recordings), or the folder itself. */
  dir: string;
  /** How many RTP ports the media engine may use (default 40). */
  rtpPorts?: number;
  /** The test app whose database the registrar, ACD and call records use. */
  app?: TestApp;
  /**
   * Operators' phones register (needs `app`); the fields given replace the harness's
   * (realm `open1022`, a fixed nonce key, the wall clock).
   */
  registrar?: boolean | Partial<RegistrarDeps>;
  /** Queues and operators on the app's database, or the directory given. */
  acd?: boolean | AgentDirectory;
  /** Call records written as telephony.ts writes them (start and end) under this node name. */
  node?: string;
  /** SIP over WebSocket on the test app's `/sip`. */
  hub?: SipWebSocketHub;
  log?: TelephonyLog;
  config?: Partial<TelephonyConfig>;
  deps?: Partial<TelephonyDeps>;
}

export interface Telephony {
  service: TelephonyService;
  /** Its SIP port (UDP and TCP). */
  readonly port: number;
  /** Where prompts and recordings go. */
  dir: string;
  /** The call records handed to `onCallEnded`, in order (stored first, with `node`). */
  records: CallRecord[];
  /** The record of the call made by a SIPp run (found by its Call-ID). */
  recordOf(run: { messages: string }): Promise<CallRecord>;
  /** The next record after the `count` already there. */
  nextRecord(count: number): Promise<CallRecord>;
  stop(): Promise<void>;
}

export const silent = (): TelephonyLog => pino({ level: 'silent' });

/** Starts a telephony service for a test; `stop()` it in `after`. */
export async function startTelephony(o: TelephonyOptions): Promise<Telephony> {
  const rtp = await freeUdpPort(true);
  const dir = path.isAbsolute(o.dir) ? o.dir : tempDir(o.dir);
  const log = o.log ?? silent();
  const now = () => new Date();
  const app = () => {
    if (!o.app) throw new Error('telephony harness: registrar, ACD and records need `app`');
    return o.app;
  };
  const registrar =
    o.registrar &&
    new Registrar({
      db: app().db,
      tenantId: app().tenantId,
      realm: 'open1022',
      nonces: new NonceKeeper('k'.repeat(32)),
      now,
      log,
      ...(o.registrar === true ? {} : o.registrar),
    });
  const acd =
    o.acd instanceof AgentDirectory
      ? o.acd
      : o.acd
        ? new AgentDirectory(app().db, app().tenantId, now)
        : undefined;
  const store = o.node === undefined ? null : { db: app().db, node: o.node };
  const records: CallRecord[] = [];
  const flow = o.flow;
  const service = new TelephonyService(
    {
      sipHost: '127.0.0.1',
      sipPort: 0,
      rtpPortMin: rtp,
      rtpPortMax: rtp + (o.rtpPorts ?? 40),
      dataDir: dir,
      ...o.config,
    },
    {
      log,
      flowFor: typeof flow === 'function' ? flow : () => flow,
      isOpen: () => true,
      registrar: registrar || undefined,
      acd,
      ...(store && {
        // As in production: the call's record exists from its start.
        onCallStarted: (live) => callsRepository.start(store.db, app().tenantId, live, store.node),
      }),
      onCallEnded: async (r) => {
        // Listed once stored, so that the API sees what the test waits for.
        if (store)
          await callsRepository.insert(
            store.db,
            app().tenantId,
            r,
            r.recordingPath
              ? path.relative(path.join(dir, 'voice', 'recordings'), r.recordingPath)
              : null,
          );
        records.push(r);
      },
      ...o.deps,
    },
  );
  await service.start();
  const detach = o.hub?.attach((ws, from) => service.acceptWebSocket(ws, from));
  return {
    service,
    get port() {
      return service.port;
    },
    dir,
    records,
    recordOf: (run) =>
      until('call record', () => {
        const id = /Call-ID: (\S+)/.exec(run.messages)?.[1];
        return records.find((r) => r.sipCallId === id);
      }),
    nextRecord: (count) => until('call record', () => records[count]),
    async stop() {
      detach?.();
      await service.stop();
    },
  };
}

/**
 * The real server (`src/main.ts`) with TELEPHONY=1 on a free SIP port and RTP range, once it
 * says `telephony listening`; its data folder is removed after the test.
 */
export async function startTelephonyServer(
  database: Awaited<ReturnType<typeof testDatabase>>,
  env: Record<string, string> = {},
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-voice-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const sipPort = await freeUdpPort();
  const rtp = await freeUdpPort(true);
  const server = await startServer({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    OPEN1022_DEMO: '0',
    LOG_LEVEL: 'info',
    TELEPHONY: '1',
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(sipPort),
    RTP_PORT_MIN: String(rtp),
    RTP_PORT_MAX: String(rtp + 20),
    ...env,
  });
  /** Why waiting on the server is pointless: it exited. */
  const alive = () => (server.proc.exitCode === null ? null : `server exited:\n${server.output()}`);
  try {
    await until(
      'telephony listening',
      () => server.output().includes('telephony listening'),
      alive,
    );
  } catch (err) {
    server.proc.kill('SIGKILL');
    throw err;
  }
  return { ...server, dataDir, sipPort, alive };
}
