/** A delivery adapter for one outbox channel. Throwing means "retry later". */
export interface DeliveryAdapter {
  readonly channel: 'email' | 'inapp' | 'sms' | 'webpush';
  deliver(message: {
    id: string;
    recipient: string;
    userId: string | null;
    title: string;
    body: string;
    ticketId: string | null;
    idempotencyKey: string;
  }): Promise<void>;
}
