import { z } from 'zod';

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

export const publicationQuery = z.object({
  /** candidates: answered tickets that may be published and are not; published: on the site. */
  state: z.enum(['candidates', 'published']).default('candidates'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PublicationQuery = z.infer<typeof publicationQuery>;

export const ticketParams = z.object({ ticketId: z.uuid() });

/** The texts as the approver approved them (after reviewing the proposed redactions). */
export const publishBody = z.object({
  title: text(5, 300),
  question: text(10, 20_000),
  answer: text(10, 50_000),
});
export type PublishBody = z.infer<typeof publishBody>;
