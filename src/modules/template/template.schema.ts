import { z } from 'zod';
import { CHANNELS } from '../../core/ticket/channels.ts';
import { unknownPlaceholders } from '../../core/template/render.ts';

const code = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_.-]+$/);

// A misspelt placeholder would reach citizens as "{ma_phieu}": refuse it when saved.
const body = (min: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(5000)
    .refine((s) => unknownPlaceholders(s).length === 0, {
      message: 'Biến không hợp lệ; dùng {code}, {name}, {hotline}, {date} / unknown placeholder',
    });

export const templateKind = z.enum(['reply', 'acknowledgement']);

export const templateBody = z
  .object({
    kind: templateKind,
    code,
    title: z.string().trim().min(1).max(200),
    channel: z.enum(CHANNELS).nullable().default(null),
    bodyVi: body(1),
    bodyEn: body(0).default(''),
    active: z.boolean().default(true),
  })
  .refine((b) => b.kind === 'acknowledgement' || b.channel === null, {
    message: 'only acknowledgements have a channel',
    path: ['channel'],
  });

export const templatePatch = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  channel: z.enum(CHANNELS).nullable().optional(),
  bodyVi: body(1).optional(),
  bodyEn: body(0).optional(),
  active: z.boolean().optional(),
});

export const templateQuery = z.object({ kind: templateKind.optional() });

export type TemplateBody = z.infer<typeof templateBody>;
export type TemplatePatch = z.infer<typeof templatePatch>;
