/**
 * The user agent core (RFC 3261 §8.2, §12–§15) on the UAS side: inbound INVITE becomes an
 * `IncomingCall` the application rings, answers or rejects; ACK, BYE, CANCEL, re-INVITE,
 * UPDATE, INFO and OPTIONS are handled here. 2xx responses are retransmitted until their ACK
 * (§13.3.1.4); a BYE is sent when it never comes.
 */
import type { TimerHandle, TimerHost } from './timers.ts';
import { Dialog, dialogKey } from './dialog.ts';
import { createResponse, REASONS, type SipRequest, type SipResponse } from './message.ts';
import type { TimerConfig } from './transaction-fsm.ts';
import {
  newTag,
  type ServerTransaction,
  type TransactionLayer,
  type TransactionUser,
} from './transactions.ts';
import { samePeer, type Peer } from './transport.ts';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE';
const SUPPORTED_OPTIONS = new Set<string>();

export interface UaLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface UserAgentOptions {
  layer: TransactionLayer;
  timers: TimerHost;
  config: TimerConfig;
  /** Host and port written in our Contact headers. */
  contact: { host: string; port: number; user?: string };
  userAgent?: string;
  onInvite(call: IncomingCall): void;
  /** REGISTER (the registrar); without it REGISTER gets 405. */
  onRegister?(req: SipRequest, tx: ServerTransaction, source: Peer): void;
  log?: UaLog;
}

export type EndReason =
  'remote-bye' | 'local-bye' | 'cancelled' | 'rejected' | 'no-ack' | 'transport-error';

export type CallState = 'offered' | 'early' | 'answering' | 'confirmed' | 'ended';

interface Pending2xx {
  res: SipResponse;
  tx: ServerTransaction;
  seq: number;
  /** [retransmission, give-up] */
  timers: TimerHandle[];
}

const quiet: UaLog = { debug() {}, info() {}, warn() {} };

/** Either side of a dialog the UA core routes in-dialog requests to. */
export interface DialogUser {
  readonly dialog: Dialog;
  readonly state: string;
  inDialogRequest(req: SipRequest, tx: ServerTransaction): void;
  acked?(ack: SipRequest): void;
  /** The WebSocket flow of the dialog closed: the far end is unreachable. */
  flowGone?(): void;
}

export class UserAgent implements TransactionUser {
  private readonly dialogs = new Map<string, DialogUser>();
  /** Our outgoing INVITEs by Call-ID + From tag, until answered: stray 2xx are ACKed again. */
  readonly outgoing = new Map<string, { retransmitted2xx(res: SipResponse): void }>();
  private readonly byInvite = new Map<ServerTransaction, IncomingCall>();
  readonly log: UaLog;

  constructor(readonly opts: UserAgentOptions) {
    this.log = opts.log ?? quiet;
    opts.layer.tu = this;
  }

  get activeCalls(): number {
    return this.byInvite.size;
  }

  contactFor(source: Peer): string {
    const { host, port, user } = this.opts.contact;
    const h = host.includes(':') ? `[${host}]` : host;
    const transport = source.protocol === 'udp' ? '' : `;transport=${source.protocol}`;
    return `<sip:${user ?? 'open1022'}@${h}:${port}${transport}>`;
  }

  respond(tx: ServerTransaction, status: number, extra?: (res: SipResponse) => void): void {
    const res = createResponse(tx.request, status, REASONS[status], newTag());
    if (this.opts.userAgent) res.append('server', this.opts.userAgent);
    extra?.(res);
    tx.respond(res);
  }

  onRequest(req: SipRequest, tx: ServerTransaction | null, source: Peer): void {
    if (!tx) return this.onAck(req);
    const method = req.method;
    const scheme = req.requestUri.scheme;
    if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return this.respond(tx, 416);
    if (method !== 'CANCEL') {
      const unsupported = req.tokens('require').filter((o) => !SUPPORTED_OPTIONS.has(o));
      if (unsupported.length)
        return this.respond(tx, 420, (r) => r.append('unsupported', unsupported.join(', ')));
    }
    if (method === 'CANCEL') return this.onCancel(req, tx);
    if (req.toTag !== undefined) return this.inDialog(req, tx);
    switch (method) {
      case 'INVITE':
        return this.onInvite(req, tx, source);
      case 'OPTIONS':
        return this.respond(tx, 200, (r) => {
          r.append('allow', ALLOW);
          r.append('accept', 'application/sdp');
        });
      case 'REGISTER':
        if (this.opts.onRegister) return this.opts.onRegister(req, tx, source);
        return this.respond(tx, 405, (r) => r.append('allow', ALLOW));
      case 'BYE':
      case 'INFO':
      case 'UPDATE':
        return this.respond(tx, 481);
      default:
        return this.respond(tx, 405, (r) => r.append('allow', ALLOW));
    }
  }

  private onInvite(req: SipRequest, tx: ServerTransaction, source: Peer): void {
    if (req.body.length > 0 && req.contentType !== 'application/sdp')
      return this.respond(tx, 415, (r) => r.append('accept', 'application/sdp'));
    const call = new IncomingCall(this, req, tx, source);
    this.byInvite.set(tx, call);
    this.dialogs.set(call.dialog.key, call);
    tx.onFailure = (reason) => call.transportFailed(reason);
    // 100 at once: the application may take a moment (media set-up) before ringing.
    this.respond(tx, 100);
    try {
      this.opts.onInvite(call);
    } catch (err) {
      this.log.warn({ err, callId: req.callId }, 'call handler failed');
      if (call.state === 'offered' || call.state === 'early') call.reject(500);
    }
  }

  private onCancel(req: SipRequest, tx: ServerTransaction): void {
    const invite = this.opts.layer.inviteFor(req);
    const call = invite && this.byInvite.get(invite);
    if (!invite || !call) return this.respond(tx, 481);
    // The 200 to CANCEL carries the same To tag as the responses to the INVITE (§9.2).
    const res = createResponse(req, 200, 'OK', call.localTag);
    tx.respond(res);
    if (invite.pending) call.cancelled();
  }

  private onAck(ack: SipRequest): void {
    const call = this.dialogs.get(dialogKey(ack.callId, ack.toTag ?? '', ack.fromTag ?? ''));
    call?.acked?.(ack);
  }

  /** A 2xx to an INVITE whose transaction is gone (§13.2.2.4): its ACK goes out again. */
  onStrayResponse(res: SipResponse): void {
    if (res.status < 200 || res.status >= 300 || res.cseq.method !== 'INVITE') return;
    this.outgoing.get(`${res.callId}\n${res.fromTag ?? ''}`)?.retransmitted2xx(res);
  }

  /**
   * A WebSocket flow closed (a browser tab went away): its transactions fail now and its
   * dialogs end, so calls do not wait for timeouts to notice.
   */
  flowClosed(peer: Peer): void {
    this.opts.layer.flowClosed(peer);
    for (const d of [...new Set(this.dialogs.values())])
      if (samePeer(d.dialog.flow, peer)) d.flowGone?.();
  }

  /** Starts routing in-dialog requests to a dialog we created as UAC. */
  addDialog(user: DialogUser): void {
    this.dialogs.set(user.dialog.key, user);
  }

  /** Stops routing to a dialog, after 64·T1 so that retransmissions still find it. */
  dropDialog(user: DialogUser): void {
    this.opts.timers.set(64 * this.opts.config.t1, () => {
      if (this.dialogs.get(user.dialog.key) === user) this.dialogs.delete(user.dialog.key);
    });
  }

  private inDialog(req: SipRequest, tx: ServerTransaction): void {
    const call = this.dialogs.get(dialogKey(req.callId, req.toTag ?? '', req.fromTag ?? ''));
    if (!call || call.state === 'ended') return this.respond(tx, 481);
    const dialog = call.dialog;
    // §12.2.2: requests must come in CSeq order.
    if (dialog.remoteSeq !== null && req.cseq.seq < dialog.remoteSeq)
      return this.respond(tx, 500, (r) => r.append('retry-after', '1'));
    dialog.remoteSeq = req.cseq.seq;
    call.inDialogRequest(req, tx);
  }

  /** Called by a call when it ends, so late messages get 481. */
  forget(call: IncomingCall): void {
    this.byInvite.delete(call.tx);
    // Keep the dialog a little while: a retransmitted BYE must still get its 200.
    this.opts.timers.set(64 * this.opts.config.t1, () => {
      if (this.dialogs.get(call.dialog.key) === call) this.dialogs.delete(call.dialog.key);
    });
  }

  /** Sends a request in a dialog and resolves with its final response (or null on timeout). */
  async sendInDialog(dialog: Dialog, req: SipRequest): Promise<SipResponse | null> {
    const target = await dialog.nextHop();
    return new Promise((resolve) => {
      this.opts.layer.request(req, target, {
        onResponse: (res) => {
          if (res.status >= 200) resolve(res);
        },
        onTimeout: () => resolve(null),
        onTransportError: () => resolve(null),
      });
    });
  }
}

/**
 * One inbound call from its INVITE to its end. The application calls `ring`, `answer`,
 * `reject`, `hangup`, and listens with the `on…` callbacks.
 */
export class IncomingCall {
  state: CallState = 'offered';
  readonly localTag = newTag();
  readonly dialog: Dialog;
  readonly contact: string;
  endReason: EndReason | null = null;
  /** The caller's SDP offer (from the INVITE, or from the ACK for a late offer). */
  offer: string | null;

  onConfirmed?: () => void;
  onEnded?: (reason: EndReason) => void;
  /** A re-INVITE or UPDATE offer: return the answer SDP, or null to refuse with 488. */
  onOffer?: (offer: string) => string | null;
  /** DTMF by SIP INFO (application/dtmf-relay), for phones that do not send RFC 4733. */
  onInfoDtmf?: (digit: string) => void;

  private answerSdp: string | null = null;
  private pending2xx: Pending2xx | null = null;
  private byeAfterAck = false;

  constructor(
    private readonly ua: UserAgent,
    readonly invite: SipRequest,
    readonly tx: ServerTransaction,
    readonly source: Peer,
  ) {
    this.contact = ua.contactFor(source);
    this.dialog = Dialog.asUas(invite, this.localTag, this.contact, source);
    this.offer = invite.body.length ? invite.body.toString('utf8') : null;
  }

  get callId(): string {
    return this.invite.callId;
  }

  /** Sends a provisional response (180 Ringing by default, 183 with early media SDP). */
  ring(status = 180, sdp?: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.state = 'early';
    this.tx.respond(this.dialogResponse(this.tx.request, status, sdp));
  }

  /** Answers with 200 and our SDP (an answer, or an offer if the INVITE had none). */
  answer(sdp: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.state = 'answering';
    this.answerSdp = sdp;
    this.send2xx(this.tx, this.dialogResponse(this.tx.request, 200, sdp));
  }

  /** `headers`: e.g. a Warning saying why an offer is not acceptable (RFC 3261 §20.43). */
  reject(status = 486, reason?: string, headers: [string, string][] = []): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    const res = createResponse(this.invite, status, reason ?? REASONS[status], this.localTag);
    for (const [k, v] of headers) res.append(k, v);
    // Overload: tell the caller's side when to try again (RFC 3261 §21.5.4).
    if (status === 503) res.append('retry-after', '30');
    this.tx.respond(res);
    this.end('rejected');
  }

  /** Ends the call from our side: BYE once confirmed, a 480 before the answer. */
  async hangup(): Promise<void> {
    if (this.state === 'offered' || this.state === 'early') return this.reject(480);
    if (this.state === 'answering') {
      this.byeAfterAck = true;
      return;
    }
    if (this.state !== 'confirmed') return;
    await this.bye('local-bye');
  }

  private async bye(reason: EndReason): Promise<void> {
    this.end(reason);
    await this.ua.sendInDialog(this.dialog, this.dialog.createRequest('BYE'));
  }

  // --- driven by the UA core -----------------------------------------------------------------

  cancelled(): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.tx.respond(createResponse(this.invite, 487, REASONS[487], this.localTag));
    this.end('cancelled');
  }

  acked(ack: SipRequest): void {
    const p = this.pending2xx;
    if (!p || ack.cseq.seq !== p.seq) return; // a retransmitted ACK, or a stray one
    this.clearPending();
    if (this.state === 'answering') {
      if (this.offer === null && ack.body.length) this.offer = ack.body.toString('utf8');
      this.state = 'confirmed';
      this.onConfirmed?.();
      if (this.byeAfterAck) void this.hangup();
    }
  }

  transportFailed(reason: 'timeout' | 'transportError'): void {
    if (this.state !== 'ended') this.end(reason === 'timeout' ? 'no-ack' : 'transport-error');
  }

  flowGone(): void {
    this.clearPending();
    this.transportFailed('transportError');
  }

  inDialogRequest(req: SipRequest, tx: ServerTransaction): void {
    switch (req.method) {
      case 'BYE':
        this.ua.respond(tx, 200);
        this.clearPending();
        this.end('remote-bye');
        return;
      case 'INVITE':
      case 'UPDATE': {
        if (this.pending2xx && req.method === 'INVITE')
          return this.ua.respond(tx, 500, (r) => r.append('retry-after', '2'));
        let sdp = this.answerSdp;
        if (req.body.length) {
          const answer = this.onOffer?.(req.body.toString('utf8')) ?? null;
          if (answer === null) return this.ua.respond(tx, 488);
          sdp = answer;
          this.answerSdp = answer;
        }
        const res = this.dialogResponse(
          req,
          200,
          req.method === 'INVITE' ? (sdp ?? undefined) : undefined,
        );
        if (req.method === 'INVITE') this.send2xx(tx, res);
        else tx.respond(res);
        return;
      }
      case 'INFO': {
        const body = req.body.toString('utf8');
        const m = /^Signal\s*=\s*([0-9A-D*#])/im.exec(body);
        if (req.contentType === 'application/dtmf-relay' && m) this.onInfoDtmf?.(m[1]!);
        return this.ua.respond(tx, 200);
      }
      case 'OPTIONS':
        return this.ua.respond(tx, 200, (r) => r.append('allow', ALLOW));
      default:
        return this.ua.respond(tx, 405, (r) => r.append('allow', ALLOW));
    }
  }

  // --- internals ---------------------------------------------------------------------------

  private dialogResponse(req: SipRequest, status: number, sdp?: string): SipResponse {
    const res = createResponse(req, status, REASONS[status], this.localTag);
    for (const rr of req.getAll('record-route')) res.append('record-route', rr);
    res.append('contact', this.contact);
    res.append('allow', ALLOW);
    if (this.ua.opts.userAgent) res.append('server', this.ua.opts.userAgent);
    if (sdp !== undefined) res.setBody(sdp, 'application/sdp');
    return res;
  }

  /** §13.3.1.4: the 2xx goes out again at T1, 2·T1 … T2 until its ACK; 64·T1 without one ends the call. */
  private send2xx(tx: ServerTransaction, res: SipResponse): void {
    const { t1, t2 } = this.ua.opts.config;
    const timers = this.ua.opts.timers;
    tx.respond(res);
    const p: Pending2xx = { res, tx, seq: tx.request.cseq.seq, timers: [] };
    this.pending2xx = p;
    let interval = t1;
    const tick = () => {
      // The server transaction stops sending after timer L; until then it resends for us.
      p.tx.respond(p.res);
      interval = Math.min(2 * interval, t2);
      p.timers[0] = timers.set(interval, tick);
    };
    p.timers[0] = timers.set(interval, tick);
    p.timers[1] = timers.set(64 * t1, () => {
      if (this.pending2xx !== p) return;
      this.clearPending();
      this.ua.log.info({ callId: this.callId }, 'no ACK for the 2xx: ending the call');
      if (this.state === 'answering') void this.bye('no-ack');
    });
  }

  private clearPending(): void {
    for (const t of this.pending2xx?.timers ?? []) this.ua.opts.timers.clear(t);
    this.pending2xx = null;
  }

  private end(reason: EndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.ua.forget(this);
    this.onEnded?.(reason);
  }
}
