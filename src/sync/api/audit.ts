// The audit log's routes (NEN 7513): POST /api/audit/views (pupil pages opened on a device, the
// sync protocol's viewEventSchema), GET /api/audit/pupils/:id ("Wie zag dit dossier") and
// GET /api/audit/export (CSV), the last two for the beheerder.
import * as z from 'zod/mini';
import { calendarDate, storable } from '../../domain/input';
import { MAX_VIEWS_BATCH, viewEventSchema } from '../protocol';
import { sentInstant } from './common';

export { viewsResponseSchema } from '../protocol';

export const viewsRequestSchema = z.strictObject({
  views: z.array(viewEventSchema).check(z.maxLength(MAX_VIEWS_BATCH, `Maximaal ${MAX_VIEWS_BATCH} inzagen per keer`)),
});

export const pupilAuditParamsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldig dossiernummer' }) });
/**
 * "Namens": for whom the beheerder looks up or exports the log, e.g. a parent's access request
 * (inzageverzoek). Written to the audit row of the look-up itself (NEN 7513 on-behalf-of).
 */
const onBehalfOf = z.optional(
  z.string({ error: 'Namens moet tekst zijn' }).check(z.trim(), z.maxLength(200, 'Namens mag maximaal 200 tekens zijn'), storable),
);
export const pupilAuditQuerySchema = z.strictObject({ namens: onBehalfOf });
export const auditExportQuerySchema = z.strictObject({
  from: calendarDate('Vul een geldige begindatum in'),
  to: calendarDate('Vul een geldige einddatum in'),
  namens: onBehalfOf,
});
/** The export covers at most this many days per request. */
export const MAX_EXPORT_DAYS = 366;

export const auditEntrySchema = z.object({
  at: sentInstant(),
  userName: z.string(),
  role: z.nullable(z.string()),
  roleLabel: z.string(),
  deviceId: z.nullable(z.string()),
  deviceName: z.nullable(z.string()),
  action: z.string(),
  /** The action in Dutch, as the beheerder's log shows it. */
  actionLabel: z.string(),
  entity: z.nullable(z.string()),
  recordId: z.nullable(z.string()),
  onBehalfOf: z.nullable(z.string()),
  /** `device`: a read on the phone, uploaded later. */
  via: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const pupilAuditResponseSchema = z.object({ pupilId: z.uuid(), entries: z.array(auditEntrySchema) });
export type PupilAudit = z.infer<typeof pupilAuditResponseSchema>;
