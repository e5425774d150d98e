/**
 * The UAC side of a call (RFC 3261 §13.2, §15, §9.1): we send the INVITE (to an operator's
 * phone, or to an agency's number through a trunk), follow its provisional and final
 * responses, ACK a 2xx ourselves (retransmitted 2xx get the same ACK), CANCEL before the
 * answer, BYE after it, and answer the requests the far end sends in the dialog.
 */
import { randomUUID } from 'node:crypto';
import { Dialog } from './dialog.ts';
import { authorizationFor, pickChallenge } from './digest.ts';
import { SipRequest, type SipResponse } from './message.ts';
import { newTag, type ServerTransaction } from './transactions.ts';
import type { Peer } from './transport.ts';
import { ALLOW, type DialogUser, type UserAgent } from './ua.ts';

export interface OutgoingCallOptions {
  /** Where the INVITE is sent (a registered phone's source address, a trunk). */
  target: Peer;
  /** Request-URI: the registered Contact, or sip:<number>@<trunk>. */
  requestUri: string;
  /** From: our identity towards the far end (e.g. the caller's number). */
  from: { uri: string; displayName?: string };
  to: string;
  /** Our SDP offer. */
  sdp: string;
  /** Extra headers (P-Asserted-Identity…). */
  headers?: [string, string][];
  /** We handle REFER in this dialog (an operator's transfer key): said in our Allow. */
  acceptsRefer?: boolean;
  /** Answers one 401/407 digest challenge (a carrier's trunk) with these. */
  credentials?: { username: string; password: string };
}

export type OutgoingEnd =
  'remote-bye' | 'local-bye' | 'cancelled' | 'rejected' | 'timeout' | 'transport-error';

export type OutgoingState = 'calling' | 'early' | 'confirmed' | 'ended';

export class OutgoingCall implements DialogUser {
  state: OutgoingState = 'calling';
  /** Set once a 2xx has created the dialog. */
  private dlg: Dialog | null = null;
  /** The INVITE (replaced by its authenticated copy after a 401/407). */
  invite: SipRequest;
  private authTried = false;
  private branch = '';
  private ack: SipRequest | null = null;
  private provisional = false;
  private cancelWanted = false;
  /** Final status of the INVITE (0 until there is one). */
  finalStatus = 0;
  endReason: OutgoingEnd | null = null;
  /** The far end's SDP answer. */
  answer: string | null = null;

  onRinging?: (status: number) => void;
  onAnswered?: (sdp: string | null) => void;
  onEnded?: (reason: OutgoingEnd, status: number) => void;
  /** A re-INVITE/UPDATE offer from the far end: our answer, or null for 488. */
  onOffer?: (offer: string) => string | null;
  onInfoDtmf?: (digit: string) => void;
  /** REFER from the far end (a phone's transfer key): respond on `tx`. */
  onRefer?: (req: SipRequest, tx: ServerTransaction) => void;

  constructor(
    private readonly ua: UserAgent,
    readonly opts: OutgoingCallOptions,
  ) {
    const req = new SipRequest('INVITE', opts.requestUri);
    const name = opts.from.displayName;
    const display = name ? `"${name.replace(/["\\]/g, (c) => `\\${c}`)}" ` : '';
    req.append('max-forwards', '70');
    req.append('from', `${display}<${opts.from.uri}>;tag=${newTag()}`);
    req.append('to', `<${opts.to}>`);
    const host = ua.opts.contact.host;
    req.append('call-id', `${randomUUID()}@${host.includes(':') ? `[${host}]` : host}`);
    req.append('cseq', '1 INVITE');
    req.append('contact', ua.contactFor(opts.target));
    req.append('allow', opts.acceptsRefer ? `${ALLOW}, REFER` : ALLOW);
    if (ua.opts.userAgent) req.append('user-agent', ua.opts.userAgent);
    for (const [k, v] of opts.headers ?? []) req.append(k, v);
    req.setBody(opts.sdp, 'application/sdp');
    this.invite = req;
  }

  get dialog(): Dialog {
    if (!this.dlg) throw new Error('no dialog before the answer');
    return this.dlg;
  }

  get callId(): string {
    return this.invite.callId;
  }

  /** Sends the INVITE. */
  start(): this {
    this.send();
    return this;
  }

  private send(): void {
    const key = `${this.invite.callId}\n${this.invite.fromTag ?? ''}`;
    this.ua.outgoing.set(key, this);
    this.ua.opts.layer.request(this.invite, this.opts.target, {
      onResponse: (res) => this.onResponse(res),
      onTimeout: () => this.fail('timeout', 408),
      onTransportError: () => this.fail('transport-error', 503),
    });
    this.branch = this.invite.topVia.params.get('branch') ?? '';
  }

  /**
   * A 401/407 (RFC 3261 §22.2): the same INVITE again, CSeq + 1, with our answer to the
   * challenge. The transaction layer has ACKed the challenge. Once only: a second challenge is
   * a wrong password, and fails the call.
   */
  private retryWithAuth(res: SipResponse): boolean {
    const cred = this.opts.credentials;
    if (!cred || this.authTried || this.cancelWanted) return false;
    const proxy = res.status === 407;
    const challenge = pickChallenge(res.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate'));
    const auth = challenge && authorizationFor(challenge, cred, 'INVITE', this.invite.uri);
    if (!auth) return false;
    this.authTried = true;
    const req = new SipRequest('INVITE', this.invite.uri);
    for (const h of this.invite.headers)
      if (h.key !== 'via' && h.key !== 'cseq') req.headers.push({ ...h });
    req.set('cseq', `${this.invite.cseq.seq + 1} INVITE`);
    req.append(proxy ? 'proxy-authorization' : 'authorization', auth);
    req.setBody(this.invite.body.toString('utf8'), 'application/sdp');
    this.provisional = false;
    this.invite = req;
    this.send();
    return true;
  }

  /** Gives up before the answer (CANCEL, once a provisional response has come: §9.1). */
  cancel(): void {
    if (this.state === 'ended') return;
    if (this.state === 'confirmed') {
      void this.hangup();
      return;
    }
    this.cancelWanted = true;
    if (this.provisional) this.sendCancel();
  }

  /** Ends the call: BYE once answered, CANCEL before. */
  async hangup(): Promise<void> {
    if (this.state === 'calling' || this.state === 'early') return this.cancel();
    if (this.state !== 'confirmed') return;
    this.end('local-bye', this.finalStatus);
    await this.ua.sendInDialog(this.dialog, this.dialog.createRequest('BYE'));
  }

  /** Sends a request in the dialog (REFER, re-INVITE…) and waits for its final response. */
  request(req: SipRequest): Promise<SipResponse | null> {
    return this.ua.sendInDialog(this.dialog, req);
  }

  private onResponse(res: SipResponse): void {
    if (res.status < 200) {
      this.provisional = true;
      if (this.state === 'calling') {
        this.state = 'early';
        this.onRinging?.(res.status);
      }
      if (this.cancelWanted) this.sendCancel();
      return;
    }
    if (res.status < 300) return this.on2xx(res);
    if ((res.status === 401 || res.status === 407) && this.retryWithAuth(res)) return;
    this.fail(res.status === 487 ? 'cancelled' : 'rejected', res.status);
  }

  private on2xx(res: SipResponse): void {
    if (this.dlg) return this.retransmitted2xx(res);
    this.finalStatus = res.status;
    this.dlg = Dialog.asUac(this.invite, res, this.invite.get('contact')!, this.opts.target);
    this.dlg.localSeq = this.invite.cseq.seq;
    this.ack = this.dlg.createRequest('ACK');
    void this.sendAck();
    this.ua.addDialog(this);
    this.answer = res.body.length ? res.body.toString('utf8') : null;
    if (this.cancelWanted) {
      // The answer crossed our CANCEL: the call exists, end it properly (§9.1).
      this.state = 'confirmed';
      void this.hangup();
      return;
    }
    this.state = 'confirmed';
    this.onAnswered?.(this.answer);
  }

  /** The WebSocket the far end was reached over closed: the call is over. */
  flowGone(): void {
    if (this.state === 'confirmed') this.end('transport-error', this.finalStatus);
  }

  retransmitted2xx(_res: SipResponse): void {
    if (this.ack) void this.sendAck();
  }

  private async sendAck(): Promise<void> {
    const ack = this.ack!;
    // One Via per send: the transaction layer adds a fresh one.
    ack.remove('via');
    this.ua.opts.layer.sendStateless(ack, await this.dlg!.nextHop());
  }

  private sendCancel(): void {
    if (this.finalStatus) return;
    const c = new SipRequest('CANCEL', this.invite.uri);
    for (const r of this.invite.getAll('route')) c.append('route', r);
    c.append('max-forwards', '70');
    c.append('from', this.invite.get('from')!);
    c.append('to', this.invite.get('to')!);
    c.append('call-id', this.invite.callId);
    c.append('cseq', `${this.invite.cseq.seq} CANCEL`);
    // §9.1: the CANCEL's Via carries the INVITE's branch.
    this.ua.opts.layer.request(c, this.opts.target, { onResponse() {} }, this.branch);
    this.cancelWanted = false;
    this.finalStatus = -1; // one CANCEL only; the 487 ends the call
  }

  private fail(reason: OutgoingEnd, status: number): void {
    if (this.state === 'ended' || this.dlg) return;
    this.finalStatus = status;
    this.end(reason, status);
  }

  private end(reason: OutgoingEnd, status: number): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.ua.outgoing.delete(`${this.invite.callId}\n${this.invite.fromTag ?? ''}`);
    if (this.dlg) this.ua.dropDialog(this);
    this.onEnded?.(reason, status);
  }

  // --- requests from the far end in the dialog -----------------------------------------------

  inDialogRequest(req: SipRequest, tx: ServerTransaction): void {
    switch (req.method) {
      case 'BYE':
        this.ua.respond(tx, 200);
        this.end('remote-bye', this.finalStatus);
        return;
      case 'INVITE':
      case 'UPDATE': {
        if (!req.body.length) return this.ua.respond(tx, 488);
        const answer = this.onOffer?.(req.body.toString('utf8')) ?? null;
        if (answer === null) return this.ua.respond(tx, 488);
        return this.ua.respond(tx, 200, (r) => {
          r.append('contact', this.dialog.contact);
          r.setBody(answer, 'application/sdp');
        });
      }
      case 'INFO': {
        const m = /^Signal\s*=\s*([0-9A-D*#])/im.exec(req.body.toString('utf8'));
        if (req.contentType === 'application/dtmf-relay' && m) this.onInfoDtmf?.(m[1]!);
        return this.ua.respond(tx, 200);
      }
      case 'REFER':
        if (this.onRefer) return this.onRefer(req, tx);
        return this.ua.respond(tx, 405, (r) => r.append('allow', ALLOW));
      case 'OPTIONS':
        return this.ua.respond(tx, 200, (r) => r.append('allow', ALLOW));
      default:
        return this.ua.respond(tx, 405, (r) => r.append('allow', ALLOW));
    }
  }
}
