import type { Q } from '../db/helpers.ts';

/** SQL a telephony node runs for itself; the rest is in the voice modules' repositories. */
export const telephonyRepository = {
  /** The tenant a node answers calls for: the one with `code`, else the first one created. */
  tenant(q: Q, code: string | undefined) {
    return q
      .selectFrom('tenant')
      .select(['id', 'code'])
      .$if(code !== undefined, (s) => s.where('code', '=', code!))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  },
};
