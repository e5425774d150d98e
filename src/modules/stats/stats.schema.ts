import { z } from 'zod';

/** No options yet: "today" is the deployment's local day (UTC+7). */
export const operatorLoadQuery = z.object({});
