/**
 * Dialog state (RFC 3261 §12) and in-dialog request construction. A dialog is identified by
 * Call-ID, local tag and remote tag; it remembers the route set and the remote target so
 * requests we send later (BYE, re-INVITE, REFER) reach the peer through the same proxies.
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { formatNameAddr, parseNameAddr, type NameAddr } from './headers.ts';
import { SipRequest, type SipResponse } from './message.ts';
import { isWebSocket, type Peer, type Protocol } from './transport.ts';
import { formatUri, type Uri } from './uri.ts';

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\n${localTag}\n${remoteTag}`;
}

export class Dialog {
  localSeq: number;
  remoteSeq: number | null;
  remoteTarget: Uri;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** Our From in requests we send: the address with our tag. */
    private readonly local: NameAddr,
    /** Their To in requests we send. */
    private readonly remote: NameAddr,
    remoteTarget: Uri,
    readonly routeSet: string[],
    /** Where the dialog's first request came from (used for TCP flows). */
    readonly flow: Peer,
    readonly contact: string,
    remoteSeq: number | null,
  ) {
    this.remoteTarget = remoteTarget;
    this.remoteSeq = remoteSeq;
    // Any value works for the first request we send; a small random start avoids confusion
    // between dialogs of the same Call-ID.
    this.localSeq = 1 + Math.floor(Math.random() * 10_000);
  }

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /** The UAS side of a dialog created by `invite` answered with our `localTag` (§12.1.1). */
  static asUas(invite: SipRequest, localTag: string, contact: string, flow: Peer): Dialog {
    const local = { ...invite.to, params: new Map(invite.to.params) };
    local.params.set('tag', localTag);
    const contacts = invite.contacts;
    const remoteTarget = contacts !== '*' && contacts[0] ? contacts[0].uri : invite.from.uri;
    return new Dialog(
      invite.callId,
      localTag,
      invite.fromTag ?? '',
      local,
      invite.from,
      remoteTarget,
      invite.getAll('record-route'),
      flow,
      contact,
      invite.cseq.seq,
    );
  }

  /** The UAC side of a dialog created by our `invite` and its response `res` (§12.1.2). */
  static asUac(invite: SipRequest, res: SipResponse, contact: string, flow: Peer): Dialog {
    const contacts = res.contacts;
    const remoteTarget = contacts !== '*' && contacts[0] ? contacts[0].uri : invite.requestUri;
    return new Dialog(
      invite.callId,
      invite.fromTag ?? '',
      res.toTag ?? '',
      invite.from,
      res.to,
      remoteTarget,
      res.getAll('record-route').reverse(),
      flow,
      contact,
      null,
    );
  }

  /** A request within the dialog (§12.2.1.1), without Via (the transaction layer adds it). */
  createRequest(method: string): SipRequest {
    const seq = method === 'ACK' || method === 'CANCEL' ? this.localSeq : ++this.localSeq;
    const req = new SipRequest(method, formatUri(this.remoteTarget));
    for (const r of this.routeSet) req.append('route', r);
    req.append('max-forwards', '70');
    req.append('from', formatNameAddr(this.local));
    req.append('to', formatNameAddr(this.remote));
    req.append('call-id', this.callId);
    req.append('cseq', `${seq} ${method}`);
    req.append('contact', this.contact);
    return req;
  }

  /**
   * Where in-dialog requests go: the first route, else the remote target; TCP reuses the flow.
   * A WebSocket flow is the only way to a browser (its Contact names an `.invalid` host).
   */
  async nextHop(): Promise<Peer> {
    if (isWebSocket(this.flow.protocol)) return this.flow;
    if (this.routeSet.length === 0 && this.flow.protocol === 'tcp') return this.flow;
    const uri = this.routeSet.length ? parseNameAddr(this.routeSet[0]!).uri : this.remoteTarget;
    return resolveUri(uri, this.flow.protocol);
  }
}

/** Host and port of a SIP URI as a transport address (A/AAAA lookup; no NAPTR/SRV yet). */
export async function resolveUri(uri: Uri, fallback: Protocol = 'udp'): Promise<Peer> {
  if (uri.kind !== 'sip') throw new Error(`cannot route to a ${uri.scheme}: URI`);
  const maddr = uri.params.get('maddr');
  const host = (maddr ?? uri.host).replace(/^\[|\]$/g, '');
  const transport = uri.params.get('transport')?.toLowerCase();
  if (transport === 'ws' || transport === 'wss')
    throw new Error('a WebSocket contact is reachable only over the connection it registered on');
  const protocol: Protocol = transport === 'tcp' ? 'tcp' : transport === 'udp' ? 'udp' : fallback;
  const address = net.isIP(host) ? host : (await lookup(host)).address;
  return { protocol, address, port: uri.port ?? 5060 };
}
