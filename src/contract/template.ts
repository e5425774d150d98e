/** Reply templates and acknowledgement texts (R-CH-11): `/api/v1/templates`. */
import { z } from 'zod';
import { CHANNELS, TEMPLATE_KINDS } from './enums.ts';
import { code, instant, patchOf } from './common.ts';
import { unknownPlaceholders } from '../core/template/render.ts';

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

export const templateKind = z.enum(TEMPLATE_KINDS);

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

export const templatePatch = patchOf({
  title: z.string().trim().min(1).max(200).optional(),
  channel: z.enum(CHANNELS).nullable().optional(),
  bodyVi: body(1).optional(),
  bodyEn: body(0).optional(),
  active: z.boolean().optional(),
});

export const templateQuery = z.object({ kind: templateKind.optional() });

export const messageTemplate = z.object({
  id: z.string(),
  kind: templateKind,
  code: z.string(),
  title: z.string(),
  channel: z.enum(CHANNELS).nullable(),
  bodyVi: z.string(),
  bodyEn: z.string(),
  active: z.boolean(),
  updatedAt: instant,
});

export type TemplateBody = z.infer<typeof templateBody>;
export type TemplatePatch = z.infer<typeof templatePatch>;
export type MessageTemplate = z.infer<typeof messageTemplate>;
export type { TemplateKind } from './enums.ts';
/** What a client sends (defaults not yet applied). */
export type TemplateBodyInput = z.input<typeof templateBody>;
