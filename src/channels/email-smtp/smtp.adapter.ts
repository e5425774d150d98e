import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryAdapter } from '../types.ts';

/**
 * Email over SMTP (nodemailer). The outbox id becomes the Message-ID, so a retry after an
 * unclear failure carries the same id and receiving systems can drop the duplicate.
 */
export class SmtpAdapter implements DeliveryAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly domain = 'open1022.local',
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async deliver(m: {
    recipient: string;
    title: string;
    body: string;
    idempotencyKey: string;
    id: string;
  }) {
    await this.transport.sendMail({
      from: this.from,
      to: m.recipient,
      subject: m.title,
      text: m.body,
      messageId: `<outbox-${m.id}@${this.domain}>`,
      headers: { 'X-Open1022-Key': m.idempotencyKey },
    });
  }

  close() {
    this.transport.close();
  }
}
