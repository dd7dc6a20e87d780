/** The `asn=` and `cc=` filters every read endpoint takes, checked like the others (read-query.ts). */
import { z } from 'zod';

/** `asn=9198` or `asn=AS9198`, as people write it. */
const asn = z
  .string()
  .regex(/^(AS)?\d{1,10}$/i, 'must be an AS number, e.g. 9198 or AS9198')
  .transform((v) => Number(v.replace(/^AS/i, '')))
  .pipe(z.number().int().min(0).max(4_294_967_295));

/** `cc=kz` or `cc=KZ`. */
const cc = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code, e.g. KZ')
  .transform((v) => v.toUpperCase());

export const networkFilter = { asn: asn.optional(), cc: cc.optional() };
