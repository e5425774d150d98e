import { z } from 'zod';
import { isAddressOrCidr } from './dialing.ts';

export const trunkParams = z.object({
  name: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,40}$/, '1–40 letters, digits or dashes'),
});

/** A trunk as the administrator writes it; the password is write-only. */
export const trunkBody = z.object({
  /** The carrier's SIP server: an IP address or a host name. */
  host: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'an IP address or host name'),
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(['udp', 'tcp']).default('udp'),
  /** Digest credentials the carrier challenges our INVITEs with. */
  username: z.string().trim().min(1).max(100).nullable().default(null),
  /**
   * Absent: the stored password is kept; null: removed; a string: replaced. Never returned.
   */
  password: z.string().min(1).max(200).nullable().optional(),
  /** Our number towards the carrier (From of outbound calls); null: the caller's number. */
  fromUser: z
    .string()
    .trim()
    .regex(/^\+?[0-9]{2,20}$/, 'digits, optionally after +')
    .nullable()
    .default(null),
  /** Written before every dialled number (a carrier's routing prefix). */
  dialPrefix: z
    .string()
    .trim()
    .regex(/^[0-9*#+]{0,10}$/, 'up to 10 digits')
    .default(''),
  /** Addresses or CIDRs the carrier's INVITEs come from; empty: no check. */
  allowFrom: z
    .array(z.string().trim().refine(isAddressOrCidr, 'an IP address or CIDR range'))
    .max(100)
    .default([]),
  enabled: z.boolean().default(true),
});
export type TrunkBody = z.infer<typeof trunkBody>;
