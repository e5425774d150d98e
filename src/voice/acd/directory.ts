/**
 * The ACD's view of PostgreSQL: queue settings, operators claimed longest-idle first, their
 * states moved by calls (ringing → on-call → wrap-up → available), and where their phones are.
 */
import {
  DEFAULT_QUEUE,
  type AgentsRepository,
  type QueueConfig,
} from '../agents/agents.repository.ts';
import type { Binding } from '../sip/registrar.ts';
import type { Peer } from '../sip/transport.ts';
import { sourceOf } from '../registrar.ts';
import type { AcdDeps, AgentTarget } from './queued-call.ts';

/**
 * "udp:192.0.2.1:5062" → the address a phone's REGISTER came from. For a WebSocket
 * ("ws:…;flow=…", "wss:…") it names the connection, reachable only from the node holding it.
 */
export function peerOf(source: string): Peer | null {
  const m = /^(udp|tcp|ws|wss):(.+):(\d+)(?:;flow=([\w-]+))?$/.exec(source);
  if (!m) return null;
  const peer: Peer = {
    protocol: m[1] as Peer['protocol'],
    address: m[2]!.replace(/^\[|\]$/g, ''),
    port: Number(m[3]),
  };
  if (m[4]) peer.flow = m[4];
  return peer;
}

export function targetOf(b: Binding): AgentTarget | null {
  const peer = peerOf(b.source);
  return peer ? { peer, requestUri: b.contact } : null;
}

export class AgentDirectory implements AcdDeps {
  constructor(
    private readonly repo: AgentsRepository,
    private readonly tenantId: string,
    private readonly now: () => Date,
    readonly offered?: AcdDeps['offered'],
  ) {}

  async queueFor(code: string): Promise<QueueConfig> {
    return (await this.repo.queue(this.tenantId, code)) ?? { code, name: code, ...DEFAULT_QUEUE };
  }

  async claimAgent(queue: string, exclude: readonly string[]) {
    const a = await this.repo.claimLongestIdle(this.tenantId, queue, this.now(), exclude);
    if (!a) return null;
    return {
      userId: a.userId,
      targets: a.bindings.map(targetOf).filter((t): t is AgentTarget => t !== null),
    };
  }

  async unreachable(target: AgentTarget): Promise<void> {
    await this.repo.removeBindingsFrom(this.tenantId, sourceOf(target.peer));
  }

  released(userId: string): Promise<void> {
    return this.repo.setState(this.tenantId, userId, 'available', this.now());
  }

  answered(userId: string, callRecordId: string): Promise<void> {
    return this.repo.setState(this.tenantId, userId, 'on-call', this.now(), {
      callId: callRecordId,
    });
  }

  finished(userId: string, wrapUpSeconds: number): Promise<void> {
    const now = this.now();
    return this.repo.setState(
      this.tenantId,
      userId,
      wrapUpSeconds > 0 ? 'wrap-up' : 'available',
      now,
      { wrapUpUntil: new Date(now.getTime() + wrapUpSeconds * 1000), idle: true },
    );
  }
}
