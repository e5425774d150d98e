/**
 * A real browser softphone over `/sip`: JsSIP (bundled by esbuild) in Debian's headless
 * Chromium registers with its password (digest over WebSocket) from a page of the hotline's
 * own origin. Its calls show the media limitation honestly: Chromium offers WebRTC only
 * (ICE + DTLS-SRTP), which the built-in engine refuses with 488 and a Warning; and the ACD's
 * plain RTP/AVP INVITE does reach the browser, which cannot accept it and declines, so the
 * ACD moves on (rtpengine in front is the production path for browsers' media).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createTestApp } from '../helpers/app.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/web/browser.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import { NonceKeeper } from '../../src/voice/sip/digest.ts';
import type { CallRecord, TelephonyService } from '../../src/voice/service.ts';
import { SipWebSocketHub } from '../../src/voice/ws-endpoint.ts';
import { sipp, until } from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';

const hub = new SipWebSocketHub();
const t = await createTestApp({ realClock: true, listen: true, sipWebSocket: hub });
const PASSWORD = 'mat-khau-jssip';
let records: CallRecord[] = [];
let tel: Telephony;
let service: TelephonyService;
let browser: Browser;
let page: Page;
let operatorId: string;

/** JsSIP as one script for the page (its package ships CommonJS only). */
async function jssipBundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: ['node_modules/jssip/lib/JsSIP.js'],
    bundle: true,
    format: 'iife',
    globalName: 'JsSIP',
    platform: 'browser',
    write: false,
  });
  return out.outputFiles[0]!.text;
}

before(async () => {
  const admin = await t.login(await t.newUser('admin'));
  const u = await t.newUser('operator');
  operatorId = u.id;
  const put = await admin.put(`/api/v1/agents/${u.id}/sip`, {
    username: '3001',
    password: PASSWORD,
  });
  assert.equal(put.status, 200);
  await admin.put('/api/v1/call-queues/tiep-nhan', {
    name: 'Tiếp nhận',
    maxWaitSeconds: 10,
    announceSeconds: 10,
    overflow: 'callback',
  });
  tel = await startTelephony({
    app: t,
    dir: 'o1022-jssip',
    rtpPorts: 20,
    flow: ivrFlowSchema.parse({
      name: 'Hàng đợi',
      voice: 'vi',
      start: 'q',
      nodes: { q: { type: 'queue', queue: 'tiep-nhan', prompt: 'Xin chờ.' } },
    }),
    registrar: { nonces: new NonceKeeper('j'.repeat(32)) },
    acd: true,
    hub,
  });
  service = tel.service;
  records = tel.records;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
  page = await browser.newPage();
  // A page of the hotline's own origin: the WebSocket's Origin is same-origin.
  await page.goto(`${t.baseUrl}/healthz`);
  await page.addScriptTag({ content: await jssipBundle() });
});
after(async () => {
  await browser?.close();
  await tel?.stop();
  await t.close();
});

interface PageLog {
  registered?: boolean;
  failed?: string;
  events: string[];
}

test('JsSIP in Chromium registers over /sip with its password', async () => {
  const wsUrl = `${t.baseUrl.replace(/^http/, 'ws')}/sip`;
  const result = await page.evaluate(
    async ({ wsUrl, password }) => {
      type Ev = { cause?: string; response?: { status_code: number } };
      const w = globalThis as unknown as {
        JsSIP: {
          WebSocketInterface: new (url: string) => unknown;
          UA: new (c: object) => {
            on(e: string, f: (ev: Ev) => void): void;
            start(): void;
          };
        };
        ua: unknown;
        log: PageLog;
      };
      const log: PageLog = { events: [] };
      w.log = log;
      const ua = new w.JsSIP.UA({
        sockets: [new w.JsSIP.WebSocketInterface(wsUrl)],
        uri: 'sip:3001@127.0.0.1',
        password,
        register: true,
        session_timers: false,
        user_agent: 'JsSIP (open1022 test)',
      });
      w.ua = ua;
      return new Promise<string>((resolve) => {
        ua.on('registered', () => resolve('registered'));
        ua.on('registrationFailed', (e) =>
          resolve(`failed: ${e.cause} ${e.response?.status_code}`),
        );
        ua.start();
      });
    },
    { wsUrl, password: PASSWORD },
  );
  assert.equal(result, 'registered');
  const [b] = await repo.bindings(t.db, operatorId, new Date());
  assert.match(b!.contact, /^sip:\w+@\w+\.invalid;transport=ws$/);
  assert.match(b!.source, /^ws:127\.0\.0\.1:\d+;flow=[\w-]+$/);
  assert.match(b!.userAgent ?? '', /JsSIP/);
});

test("Chromium's WebRTC offer to the hotline gets 488 with the Warning; the browser sees why", async () => {
  const outcome = await page.evaluate(async () => {
    type Ev = { cause?: string; message?: { status_code?: number; getHeader(h: string): string } };
    const w = globalThis as unknown as {
      ua: { call(target: string, opts: object): { on(e: string, f: (ev: Ev) => void): void } };
    };
    return new Promise<{ cause?: string; status?: number; warning?: string }>((resolve) => {
      const s = w.ua.call('sip:1022@127.0.0.1', {
        mediaConstraints: { audio: true, video: false },
      });
      s.on('failed', (e) =>
        resolve({
          cause: e.cause,
          status: e.message?.status_code,
          warning: e.message?.getHeader('Warning'),
        }),
      );
      s.on('confirmed', () => resolve({ cause: 'confirmed?!' }));
    });
  });
  assert.equal(outcome.status, 488, JSON.stringify(outcome));
  assert.match(outcome.warning ?? '', /^302 127\.0\.0\.1 "WebRTC media/);
});

test('the ACD rings the browser over its WebSocket; it cannot take plain RTP and the ACD moves on', async () => {
  await page.evaluate(() => {
    type Session = {
      direction: string;
      remote_identity: { uri: { user: string } };
      answer(o: object): void;
      on(e: string, f: (ev: { cause?: string }) => void): void;
    };
    const w = globalThis as unknown as {
      ua: { on(e: string, f: (ev: { session: Session }) => void): void };
      log: PageLog;
    };
    w.ua.on('newRTCSession', ({ session }) => {
      if (session.direction !== 'incoming') return;
      w.log.events.push(`incoming from ${session.remote_identity.uri.user}`);
      session.on('failed', (e) => w.log.events.push(`failed: ${e.cause}`));
      session.on('ended', (e) => w.log.events.push(`ended: ${e.cause}`));
      session.answer({ mediaConstraints: { audio: true, video: false } });
    });
  });
  await repo.setState(t.db, t.tenantId, operatorId, 'available', new Date());
  const run = await sipp(`127.0.0.1:${service.port}`, { builtin: 'uac' }, [
    '-s',
    'q1',
    '-d',
    '4000',
  ]).result;
  assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
  const events = await until('the browser saw the INVITE fail', async () => {
    const log = await page.evaluate(() => (globalThis as unknown as { log: PageLog }).log.events);
    return log.some((e) => e.startsWith('failed')) ? log : null;
  });
  assert.equal(events[0], 'incoming from sipp');
  // JsSIP could not apply the plain RTP/AVP offer (no DTLS fingerprint) and declined.
  assert.equal(events[1], 'failed: WebRTC Error', events.join(' / '));
  // Declined as incompatible media: not rung again for this caller (it was, every second).
  assert.equal(events.length, 2, events.join(' / '));
  const id = /Call-ID: (\S+)/.exec(run.messages)?.[1];
  const rec = await until('call record', () => records.find((r) => r.sipCallId === id));
  assert.notEqual(rec.outcome, 'answered', JSON.stringify(rec));
  assert.equal(rec.agentId, null);
  // Declined, not gone: the browser stays registered and becomes available again.
  assert.equal((await repo.bindings(t.db, operatorId, new Date())).length, 1);
});
