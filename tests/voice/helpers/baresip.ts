/**
 * baresip (Debian `baresip-core`) as a real operator phone: registers with a password,
 * answers automatically, plays a WAV file as its microphone and dumps what it hears to a
 * WAV file (sndfile module). Run on 127.0.0.1 with free ports, stopped by PID.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freeSipPort, freeUdpPort, Peer, tempDir } from './peers.ts';

export interface PhoneOptions {
  /** Registrar (our SIP port) on 127.0.0.1. */
  registrarPort: number;
  user: string;
  password: string;
  /** 8 kHz mono WAV played as the microphone (padded: aufile hangs up at its end). */
  source?: string;
  /** Re-register interval asked for (seconds). */
  regint?: number;
  /** `manual`: the phone rings and is never picked up (an operator away from the desk). */
  answermode?: 'auto' | 'manual';
}

export interface Phone {
  peer: Peer;
  dir: string;
  port: number;
  /** What the phone heard (sndfile's dump of the decoded audio), once the call ended. */
  heard(): string | null;
}

export async function startPhone(o: PhoneOptions): Promise<Phone> {
  // A port taken between our check and baresip's bind (parallel test files): try another.
  for (let attempt = 1; ; attempt++) {
    const phone = await launch(o);
    const early = await Promise.race([
      phone.peer.done,
      new Promise<null>((r) => setTimeout(() => r(null), 1500)),
    ]);
    if (!early || attempt === 3 || !/Address already in use/.test(phone.peer.output()))
      return phone;
  }
}

async function launch(o: PhoneOptions): Promise<Phone> {
  const dir = tempDir('baresip');
  const port = await freeSipPort();
  const rtp = await freeUdpPort(true);
  const config = [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${port}`,
    'sip_trans_def udp',
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    // sndfile dumps each call's decoded audio (what the phone heard) to snd_path.
    'module sndfile.so',
    `snd_path ${dir}`,
    'module_app account.so',
    o.source
      ? `audio_source aufile,${o.source}`
      : 'audio_source aufile,/usr/share/baresip/ring.wav',
    'audio_alert aufile,/dev/null',
    `rtp_ports ${rtp}-${rtp + 10}`,
    'audio_buffer 20-160',
    'net_interface 127.0.0.1',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'config'), config);
  const account =
    `<sip:${o.user}@127.0.0.1:${o.registrarPort}>;auth_pass=${o.password};` +
    `answermode=${o.answermode ?? 'auto'};regint=${o.regint ?? 600};audio_codecs=PCMA,PCMU\n`;
  writeFileSync(path.join(dir, 'accounts'), account);
  writeFileSync(path.join(dir, 'contacts'), '');
  const peer = new Peer('baresip', ['-f', dir, '-n', '127.0.0.1', '-s', '-v']);
  const heard = () => {
    const f = readdirSync(dir).find((n) => /^dump-.*-dec\.wav$/.test(n));
    return f ? path.join(dir, f) : null;
  };
  return { peer, dir, port, heard };
}
