/**
 * A Vietnamese phone number as every intake stores it (R-IN-1): spaces, dots and dashes
 * dropped, +84 / 84 written as 0; a mobile or landline (0 + 9–10 digits) or a 1800/1900
 * service number. Ticket intake, live chat, the public site, Open311 and the blocklist
 * compare numbers in this one form.
 */
import { z } from 'zod';

export const phoneNumber = z
  .string()
  .trim()
  .transform((s) =>
    s
      .replace(/[\s.-]/g, '')
      .replace(/^\+84/, '0')
      .replace(/^84(?=\d{9}$)/, '0'),
  )
  .pipe(
    z.string().regex(/^0\d{9,10}$|^1[89]00\d{4,6}$/, {
      message: 'Số điện thoại không hợp lệ / invalid phone number',
    }),
  );
