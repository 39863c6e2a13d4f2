// The inzage document (docs/rights.md): everything recorded about one pupil and who saw or changed
// it, as an A4 print page. Written to the reply while the rows come in (paged queries), so a large
// dossier is neither held in memory nor slow to start.
import { entityNames } from '../../domain/entities';
import type { Queryable } from '../store/db';
import { answerDue, rightsKindLabels, type RightsKind } from '../../domain/rightsTerm';
import { roleLabel } from '../audit/labels';
import { MASKED, OTHER_PUPIL, dossierValues, fallbackLabel, hiddenFields, kindLabels, maskedFields, mdoRoles } from './labels';

const PAGE = 200;

export interface InzageContext {
  pupilId: string;
  /** For whom the beheerder made it (an ouder, the leerling). */
  onBehalfOf: string;
  madeBy: string;
  now: Date;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const dayFmt = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
const timeFmt = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const day = (d: Date | string) => dayFmt.format(new Date(d));
const moment = (d: Date | string) => timeFmt.format(new Date(d));
/** A calendar date (2026-12-03) as that day, without a time zone shift. */
const calendarDay = (iso: string) => dayFmt.format(new Date(`${iso}T12:00:00Z`));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Other pupils of the school, masked wherever their initials appear in a text. */
export function masker(names: readonly string[]): (s: string) => string {
  const words = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return (s) => s;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return (s) => s.replace(re, OTHER_PUPIL);
}

function formatValue(kind: string, field: string, value: unknown, mask: (s: string) => string): string {
  if (maskedFields[kind]?.has(field) && value !== null && value !== undefined && value !== '') return `<em>${esc(MASKED)}</em>`;
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return esc(String(value));
  if (typeof value === 'string') {
    if (UUID.test(value)) return 'ja';
    if (DATE.test(value)) return esc(calendarDay(value));
    if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return esc(moment(value));
    const label = dossierValues[field]?.[value];
    if (label) return esc(label);
    const text = /^[a-z]+(_[a-z]+)+$/.test(value) ? value.replace(/_/g, ' ') : value;
    return esc(mask(text)).replace(/\n/g, '<br>');
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(kind, field, v, mask)).join('; ');
  if (typeof value === 'object') {
    const labels = kindLabels(kind).fields;
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${esc(labels[k] ?? fallbackLabel(k))}: ${formatValue(kind, k, v, mask)}`)
      .join('<br>');
  }
  return esc(String(value));
}

interface RecordRow {
  id: string;
  entity: string;
  data: Record<string, unknown>;
  deleted: boolean;
  created_at: Date;
  /** created_at exactly (microseconds), for the next page. */
  created_key: string;
  updated_at: Date;
  creator_role: string | null;
}

function renderRecord(r: RecordRow, mask: (s: string) => string): string {
  const labels = kindLabels(r.entity);
  const dated =
    labels.dateField && typeof r.data[labels.dateField] === 'string' ? calendarDay(r.data[labels.dateField] as string) : day(r.created_at);
  // The fields in the order the labels table names them, then any it does not know yet.
  const known = Object.keys(labels.fields);
  const rank = (k: string) => (known.includes(k) ? known.indexOf(k) : known.length);
  const rows = Object.entries(r.data)
    .filter(([k]) => !hiddenFields.has(k))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(
      ([k, v]) => `<tr><th scope="row">${esc(labels.fields[k] ?? fallbackLabel(k))}</th><td>${formatValue(r.entity, k, v, mask)}</td></tr>`,
    )
    .join('');
  return `<article class="record"><h3>${esc(labels.one)} van ${esc(dated)}${r.deleted ? ' <span class="tag">gearchiveerd</span>' : ''}</h3>
<p class="meta">Vastgelegd door: ${esc(roleLabel(r.creator_role))}, op ${esc(moment(r.created_at))}${
    r.updated_at.getTime() - r.created_at.getTime() > 60_000 ? ` · laatst gewijzigd op ${esc(moment(r.updated_at))}` : ''
  }</p>
<table><tbody>${rows || '<tr><td>—</td></tr>'}</tbody></table></article>\n`;
}

/** Who recorded it and when, as every record in the document says it. */
function recordedBy(r: Pick<RecordRow, 'creator_role' | 'created_at' | 'updated_at'>): string {
  return `Vastgelegd door: ${esc(roleLabel(r.creator_role))}, op ${esc(moment(r.created_at))}${
    r.updated_at.getTime() - r.created_at.getTime() > 60_000 ? ` · laatst gewijzigd op ${esc(moment(r.updated_at))}` : ''
  }`;
}

/** The named fields that hold something: an empty reason or list says nothing to a parent. */
const fieldRows = (kind: string, data: Record<string, unknown>, fields: readonly string[], mask: (s: string) => string) =>
  fields
    .filter((k) => {
      const v = data[k];
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    })
    .map(
      (k) =>
        `<tr><th scope="row">${esc(kindLabels(kind).fields[k] ?? fallbackLabel(k))}</th><td>${formatValue(kind, k, data[k], mask)}</td></tr>`,
    )
    .join('');

/**
 * A family the pupil is a member of (docs/rights.md, "Het gezin"): the plan in full, the other
 * children only as "a brother or sister", at this school or another; never their pupil record,
 * their school's name or whom to call there: they are third parties with their own right of access.
 */
function renderFamily(r: RecordRow, pupilId: string, schoolId: string, mask: (s: string) => string): string {
  const members = Array.isArray(r.data.members) ? (r.data.members as { pupilId?: unknown; schoolId?: unknown }[]) : [];
  const children = members.map((m) =>
    m?.pupilId === pupilId
      ? 'Deze leerling'
      : m?.schoolId === schoolId
        ? 'Een broer of zus op dezelfde school'
        : 'Een broer of zus op een andere school',
  );
  const plan = fieldRows('family', r.data, ['goalSchool', 'goalHome', 'goalLeisure', 'regie', 'reviewDate'], mask);
  return `<article class="record"><h3>${esc(kindLabels('family').one)} van ${esc(day(r.created_at))}${r.deleted ? ' <span class="tag">gearchiveerd</span>' : ''}</h3>
<p class="meta">${recordedBy(r)}</p>
<table><tbody><tr><th scope="row">${esc(kindLabels('family').fields.members!)}</th><td>${children.map(esc).join('<br>') || '—'}</td></tr>${plan}</tbody></table></article>\n`;
}

interface MeetingRow {
  data: Record<string, unknown>;
}

/**
 * An MDO agenda item about the pupil: the meeting (date, time, who sat at the table by role and
 * organisation: the recipients, AVG art. 15), the preparation (question and the consent check the
 * preparation card follows), the minutes, and the agreements with who does what by when.
 */
function renderMdoItem(item: RecordRow, meeting: MeetingRow | null, agreements: readonly RecordRow[], mask: (s: string) => string): string {
  const m = meeting?.data ?? {};
  const date = typeof m.date === 'string' ? m.date : null;
  const participants = Array.isArray(m.participants) ? (m.participants as { role?: unknown; organisation?: unknown }[]) : [];
  const table = [
    ...new Set(
      participants.map((p) => {
        const role = mdoRoles[String(p?.role)] ?? fallbackLabel(String(p?.role ?? ''));
        const org = typeof p?.organisation === 'string' && p.organisation.trim() ? ` (${mask(p.organisation.trim())})` : '';
        return `${role}${org}`;
      }),
    ),
  ];
  const meetingRows = meeting
    ? `<tr><th scope="row">Overleg</th><td>${date ? esc(calendarDay(date)) : '—'}${typeof m.time === 'string' ? ` om ${esc(m.time)}` : ''}</td></tr>
<tr><th scope="row">${esc(kindLabels('mdoMeeting').fields.participants!)}</th><td>${table.map(esc).join('<br>') || '—'}</td></tr>`
    : '';
  const itemRows = fieldRows(
    'mdoItem',
    item.data,
    ['pupilLabel', 'question', 'consentOutcome', 'consentMissing', 'consentReason', 'consentCheckedOn', 'conclusion'],
    mask,
  );
  const agreementList = agreements.length
    ? `<h4>Afspraken</h4><ul>${agreements
        .map((a) => {
          const who = mdoRoles[String(a.data.who)] ?? String(a.data.who ?? '');
          const whoName = typeof a.data.whoName === 'string' && a.data.whoName.trim() ? ` (${mask(a.data.whoName.trim())})` : '';
          const byWhen = typeof a.data.byWhen === 'string' ? `, klaar op ${calendarDay(a.data.byWhen)}` : '';
          const done =
            a.data.done === true
              ? `; gedaan${typeof a.data.doneOn === 'string' ? ` op ${calendarDay(a.data.doneOn)}` : ''}`
              : '; nog niet gedaan';
          return `<li>${esc(mask(String(a.data.what ?? '')))} — ${esc(who + whoName + byWhen + done)}${
            a.deleted ? ' <span class="tag">gearchiveerd</span>' : ''
          }<br><span class="meta">${recordedBy(a)}</span></li>`;
        })
        .join('')}</ul>`
    : '<p>Geen afspraken vastgelegd.</p>';
  return `<article class="record"><h3>${esc(kindLabels('mdoItem').one)} van ${esc(date ? calendarDay(date) : day(item.created_at))}${
    item.deleted ? ' <span class="tag">gearchiveerd</span>' : ''
  }</h3>
<p class="meta">${recordedBy(item)}</p>
<table><tbody>${meetingRows}${itemRows}</tbody></table>${agreementList}</article>\n`;
}

/** Records of one kind about the pupil, in pages by (created_at, id). */
async function* recordsOf(db: Queryable, where: string, params: unknown[]): AsyncGenerator<RecordRow> {
  let after: [string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000'];
  for (;;) {
    const n = params.length;
    const { rows } = await db.query<RecordRow>(
      `SELECT r.id, r.entity, r.data, r.deleted, r.created_at, r.created_at::text AS created_key, r.updated_at, u.role AS creator_role
         FROM records r LEFT JOIN users u ON u.id = r.created_by
        WHERE ${where} AND r.purged_at IS NULL AND (r.created_at, r.id) > ($${n + 1}::timestamptz, $${n + 2}::uuid)
        ORDER BY r.created_at, r.id LIMIT ${PAGE}`,
      [...params, after[0], after[1]],
    );
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = [last.created_key, last.id];
  }
}

interface AuditRow {
  id: string;
  at: Date;
  at_key: string;
  action: string;
  entity: string | null;
  role: string | null;
  user_id: string | null;
  user_name: string | null;
  device_name: string | null;
  on_behalf_of: string | null;
  detail: Record<string, unknown> | null;
}

/** What happened, in words a parent reads: viewed, changed, printed, exported, synced to a device. */
export function accessText(a: Pick<AuditRow, 'action' | 'entity' | 'detail' | 'device_name'>): string {
  const d = a.detail ?? {};
  const noun = a.entity ? kindLabels(a.entity).one.toLowerCase() : 'gegeven';
  let text: string;
  switch (a.action) {
    case 'read':
      if (d.via === 'device') {
        const viewed = typeof d.viewedAt === 'string' ? Date.parse(d.viewedAt) : NaN;
        const received = typeof d.receivedAt === 'string' ? Date.parse(d.receivedAt) : NaN;
        // Reported more than 10 minutes after the view: it was made without a connection.
        text =
          received - viewed > 10 * 60_000
            ? `Bekeken op een toestel, zonder verbinding; gemeld bij synchroniseren op ${moment(new Date(received))}`
            : 'Bekeken op een toestel';
      } else if (d.via === 'pull') text = `Gesynchroniseerd naar een toestel${a.device_name ? ` (${a.device_name})` : ''}`;
      else text = 'Bekeken';
      break;
    case 'create':
      text = `Vastgelegd: ${noun}`;
      break;
    case 'update':
      text = `Gewijzigd: ${noun}`;
      break;
    case 'delete':
      text = d.reason === 'retention' ? `Verwijderd na de bewaartermijn: ${noun}` : `Verwijderd op verzoek: ${noun}`;
      break;
    case 'print':
      text = 'Inzagedocument gemaakt om af te drukken';
      break;
    case 'export':
      text = 'Geëxporteerd';
      break;
    case 'search':
      text = a.entity === 'audit_log' ? 'Opgezocht in het logboek' : 'Opgezocht met de dossiercode';
      break;
    case 'break_glass':
      text = 'Tijdelijke toegang gekregen om een collega te vervangen';
      break;
    case 'rights_request':
      text = 'Verzoek om correctie of verwijdering vastgelegd';
      break;
    case 'refused':
      text = 'Geprobeerd, maar geweigerd (geen toegang)';
      break;
    default:
      text = fallbackLabel(a.action);
  }
  return typeof d.breakGlass === 'string' ? `${text} — met tijdelijke toegang (vervanging)` : text;
}

const STYLE = `
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: "Pagina " counter(page) " van " counter(pages); font: 9pt system-ui, sans-serif; }
  @top-right { content: var(--running, ""); font: 9pt system-ui, sans-serif; } }
:root { color-scheme: light; }
body { font: 11pt/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 48rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .2rem; } h4 { font-size: 1rem; margin: .6rem 0 .2rem; } .region { color: #1f4e79; font-weight: 600; margin: 0; }
dl.head { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; } dl.head dt { font-weight: 600; } dl.head dd { margin: 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid #ccc; overflow-wrap: break-word; }
th[scope="row"] { width: 35%; font-weight: 600; } .meta { color: #444; margin: 0 0 .3rem; font-size: .95rem; }
.tag { font-size: .8rem; font-weight: 600; border: 1px solid #555; border-radius: .3rem; padding: 0 .3rem; }
.record { break-inside: avoid; } h2, h3 { break-after: avoid; } .log td, .log th { font-size: .9rem; }
.note { background: #eef3f8; border-left: 4px solid #1f4e79; padding: .5rem .8rem; }
@media print { body { padding: 0; max-width: none; } }
@media (max-width: 40rem) { .log thead { display: none; } .log tr { display: block; border-bottom: 1px solid #ccc; padding: .3rem 0; } .log td { display: block; border: 0; padding: 0 .4rem; } }
`;

/**
 * The document, in pieces as they are ready. The caller has checked the pupil exists and wrote the
 * audit row of this production (it is in the access log below, as the last entry).
 */
export async function* inzageDocument(db: Queryable, ctx: InzageContext): AsyncGenerator<string> {
  const { rows: pupilRows } = await db.query<{
    data: Record<string, unknown>;
    school_id: string;
    school: string | null;
    region: string | null;
  }>(
    `SELECT r.data, r.school_id, s.name AS school, s.region FROM records r LEFT JOIN schools s ON s.id = r.school_id
      WHERE r.id = $1 AND r.entity = 'pupil'`,
    [ctx.pupilId],
  );
  const pupil = pupilRows[0];
  if (!pupil) return;
  const code = typeof pupil.data.dossierCode === 'string' ? pupil.data.dossierCode : '';
  const region = pupil.region?.trim() || 'Schoolnabij';
  const own = String(pupil.data.initials ?? '');
  // Other pupils at the same school: their initials are masked in every text.
  const { rows: others } = await db.query<{ initials: string }>(
    `SELECT data ->> 'initials' AS initials FROM records
      WHERE entity = 'pupil' AND school_id = $1 AND id <> $2 AND purged_at IS NULL AND data ? 'initials'`,
    [pupil.school_id, ctx.pupilId],
  );
  // Brothers and sisters in a family with this pupil, at any school: third parties too.
  const { rows: siblings } = await db.query<{ initials: string }>(
    `SELECT p.data ->> 'initials' AS initials FROM records f
       JOIN LATERAL jsonb_array_elements(f.data -> 'members') m ON true
       JOIN records p ON p.entity = 'pupil' AND p.id::text = m ->> 'pupilId'
      WHERE f.entity = 'family' AND f.purged_at IS NULL AND f.data -> 'members' @> jsonb_build_array(jsonb_build_object('pupilId', $1::text))
        AND p.id <> $1::uuid AND p.purged_at IS NULL AND p.data ? 'initials'`,
    [ctx.pupilId],
  );
  const mask = masker([...others, ...siblings].map((o) => o.initials).filter((i) => i !== own));

  yield `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inzage dossier ${esc(code)}</title><style>${STYLE.replace('var(--running, "")', `"Inzage dossier ${code} · ${esc(day(ctx.now))}"`)}</style></head>
<body><header>
<p class="region">Regio ${esc(region)} · Schoolnabij, jeugdprofessional op school</p>
<h1>Inzage in het dossier</h1>
<dl class="head">
<dt>Dossiercode</dt><dd>${esc(code || 'nog niet toegekend')}</dd>
<dt>Leerling</dt><dd>${esc(own)}, ${esc(String(pupil.data.group ?? ''))}, geboren in ${esc(String(pupil.data.birthYear ?? ''))}</dd>
<dt>School</dt><dd>${esc(pupil.school ?? '')}</dd>
<dt>Datum van afgifte</dt><dd>${esc(day(ctx.now))}</dd>
<dt>Op verzoek van</dt><dd>${esc(ctx.onBehalfOf)}</dd>
<dt>Gemaakt door</dt><dd>${esc(ctx.madeBy)}, functioneel beheerder</dd>
</dl></header>
<main>
<section aria-labelledby="uitleg"><h2 id="uitleg">Wat staat in dit document</h2>
<p>Dit is alles wat de jeugdprofessional op school over deze leerling heeft vastgelegd, met de datum en de rol van wie het vastlegde.
Daarna staat wie het dossier heeft bekeken, gewijzigd, afgedrukt, geëxporteerd of naar een telefoon heeft gehaald, en wanneer.
U heeft daar recht op (AVG artikel 15 en de Jeugdwet).</p>
<p>Namen van andere leerlingen zijn vervangen door ‘${esc(OTHER_PUPIL)}’. Wie een zorg meldde, staat er niet in (‘${esc(MASKED)}’):
die persoon deed dat in vertrouwen. Klopt er iets niet, of wilt u dat iets verwijderd wordt? Vraag het aan de school of de jeugdprofessional;
de functioneel beheerder legt uw verzoek en het besluit vast.</p></section>\n`;

  // Every kind of record that refers to the pupil, known kinds first in the order of entities.ts.
  const { rows: kinds } = await db.query<{ entity: string }>(
    `SELECT DISTINCT entity FROM records
      WHERE (id = $1 OR data ->> 'pupilId' = $2) AND purged_at IS NULL AND entity NOT IN ('consultationNote', 'contactPerson', 'mdoItem')`,
    [ctx.pupilId, ctx.pupilId],
  );
  const order = (k: string) => (entityNames as string[]).indexOf(k) >>> 0;
  const sorted = kinds.map((k) => k.entity).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const kind of sorted) {
    yield `<section aria-labelledby="k-${esc(kind)}"><h2 id="k-${esc(kind)}">${esc(kindLabels(kind).heading)}</h2>\n`;
    const where = kind === 'pupil' ? `r.id = $1 AND r.entity = 'pupil'` : `r.entity = $1 AND r.data ->> 'pupilId' = $2`;
    for await (const r of recordsOf(db, where, kind === 'pupil' ? [ctx.pupilId] : [kind, ctx.pupilId])) yield renderRecord(r, mask);
    yield '</section>\n';
  }

  // The gezin: families that name this pupil as a member.
  const familyWhere = `r.entity = 'family' AND r.data -> 'members' @> jsonb_build_array(jsonb_build_object('pupilId', $1::text))`;
  let firstFamily = true;
  for await (const r of recordsOf(db, familyWhere, [ctx.pupilId])) {
    if (firstFamily) yield `<section aria-labelledby="k-gezin"><h2 id="k-gezin">${esc(kindLabels('family').heading)}</h2>\n`;
    firstFamily = false;
    yield renderFamily(r, ctx.pupilId, pupil.school_id, mask);
  }
  if (!firstFamily) yield '</section>\n';

  // The MDO: each agenda item about the pupil, with its meeting and agreements (few per item).
  let firstItem = true;
  for await (const item of recordsOf(db, `r.entity = 'mdoItem' AND r.data ->> 'pupilId' = $1`, [ctx.pupilId])) {
    if (firstItem) yield `<section aria-labelledby="k-mdo"><h2 id="k-mdo">${esc(kindLabels('mdoItem').heading)}</h2>\n`;
    firstItem = false;
    const meetingId = typeof item.data.meetingId === 'string' ? item.data.meetingId : null;
    const { rows: meeting } = meetingId
      ? await db.query<MeetingRow>(`SELECT data FROM records WHERE id::text = $1 AND entity = 'mdoMeeting' AND purged_at IS NULL`, [
          meetingId,
        ])
      : { rows: [] };
    const { rows: agreements } = await db.query<RecordRow>(
      `SELECT r.id, r.entity, r.data, r.deleted, r.created_at, r.created_at::text AS created_key, r.updated_at, u.role AS creator_role
         FROM records r LEFT JOIN users u ON u.id = r.created_by
        WHERE r.entity = 'mdoAgreement' AND r.data ->> 'itemId' = $1 AND r.purged_at IS NULL
        ORDER BY r.created_at, r.id`,
      [item.id],
    );
    yield renderMdoItem(item, meeting[0] ?? null, agreements, mask);
  }
  if (!firstItem) yield '</section>\n';

  // Consultatievragen name no pupil record; they belong to this pupil through the jeugdprofessional's link.
  const requestWhere = `r.entity = 'consultationRequest' AND r.id IN (
      SELECT (n.data ->> 'requestId')::uuid FROM records n
       WHERE n.entity = 'consultationNote' AND n.data ->> 'pupilId' = $1 AND n.purged_at IS NULL)`;
  let first = true;
  for await (const r of recordsOf(db, requestWhere, [ctx.pupilId])) {
    if (first) yield `<section aria-labelledby="k-vragen"><h2 id="k-vragen">${esc(kindLabels('consultationRequest').heading)}</h2>\n`;
    first = false;
    yield renderRecord(r, mask);
  }
  if (!first) yield '</section>\n';

  // Eigen aantekeningen: named, not shown (docs/rights.md).
  const { rows: notes } = await db.query<{ n: number; first: Date | null; last: Date | null }>(
    `SELECT count(*)::int AS n, min(created_at) AS first, max(created_at) AS last FROM records
      WHERE entity = 'consultationNote' AND data ->> 'pupilId' = $1 AND purged_at IS NULL`,
    [ctx.pupilId],
  );
  const noteCount = Number(notes[0]?.n ?? 0);
  yield `<section aria-labelledby="k-notes"><h2 id="k-notes">Eigen aantekeningen</h2>
<p class="note">${
    noteCount === 0
      ? 'Er zijn geen eigen aantekeningen.'
      : `Er ${noteCount === 1 ? 'is 1 eigen aantekening' : `zijn ${noteCount} eigen aantekeningen`} van de jeugdprofessional (van ${esc(day(notes[0]!.first!))} tot en met ${esc(day(notes[0]!.last!))}).
De inhoud staat hier niet in: het zijn persoonlijke werkaantekeningen, alleen voor de jeugdprofessional zelf en met niemand gedeeld.
Zodra ze met iemand gedeeld worden, horen ze bij het dossier en staan ze hierboven.`
  }</p></section>\n`;

  // Requests of the parents or the pupil, with the decision (or, while open, the answer term and any
  // extension with its reason); a correction keeps the old value here.
  const { rows: requests } = await db.query<{
    kind: RightsKind;
    requested_by: string;
    requested_on: string;
    what: string;
    old_value: string | null;
    new_value: string | null;
    decision: string | null;
    reason: string | null;
    decided_at: Date | null;
    extended_until: string | null;
    extension_reason: string | null;
  }>(
    `SELECT kind, requested_by, to_char(requested_on, 'YYYY-MM-DD') AS requested_on, what, old_value, new_value, decision, reason, decided_at,
            to_char(extended_until, 'YYYY-MM-DD') AS extended_until, extension_reason
       FROM rights_requests WHERE pupil_id = $1 ORDER BY recorded_at, id`,
    [ctx.pupilId],
  );
  yield `<section aria-labelledby="k-verzoeken"><h2 id="k-verzoeken">Verzoeken om inzage, correctie, verwijdering of bezwaar</h2>\n`;
  if (requests.length === 0) yield '<p>Er zijn geen verzoeken vastgelegd.</p>\n';
  const decisions: Record<string, string> = { granted: 'toegekend', refused: 'afgewezen', partly: 'deels toegekend' };
  for (const q of requests) {
    const term = answerDue(q.requested_on);
    yield `<article class="record"><h3>Verzoek om ${rightsKindLabels[q.kind].toLowerCase()} van ${esc(calendarDay(q.requested_on))}</h3>
<table><tbody><tr><th scope="row">Gevraagd door</th><td>${esc(q.requested_by)}</td></tr>
<tr><th scope="row">Wat</th><td>${esc(mask(q.what))}</td></tr>
${q.old_value ? `<tr><th scope="row">Oude waarde</th><td>${esc(mask(q.old_value))}</td></tr>` : ''}
${q.new_value ? `<tr><th scope="row">Nieuwe waarde</th><td>${esc(mask(q.new_value))}</td></tr>` : ''}
${
  q.extended_until
    ? `<tr><th scope="row">Termijn verlengd</th><td>van ${esc(calendarDay(term))} tot ${esc(calendarDay(q.extended_until))}. Reden: ${esc(mask(q.extension_reason ?? ''))}</td></tr>`
    : ''
}
${
  q.decision && q.decided_at
    ? `<tr><th scope="row">Besluit</th><td>${esc(decisions[q.decision] ?? q.decision)} op ${esc(day(q.decided_at))}</td></tr>
<tr><th scope="row">Reden</th><td>${esc(mask(q.reason ?? ''))}</td></tr>`
    : `<tr><th scope="row">Besluit</th><td>nog niet genomen; antwoord uiterlijk ${esc(calendarDay(q.extended_until ?? term))}</td></tr>`
}</tbody></table></article>\n`;
  }
  yield '</section>\n';

  // Covering for a colleague: every grant on this pupil.
  const { rows: grants } = await db.query<{ user_name: string; reason: string; granted_at: Date; expires_at: Date }>(
    `SELECT u.display_name AS user_name, g.reason, g.granted_at, g.expires_at FROM break_glass_grants g JOIN users u ON u.id = g.user_id
      WHERE g.pupil_id = $1 ORDER BY g.granted_at, g.id`,
    [ctx.pupilId],
  );
  yield `<section aria-labelledby="k-toegang"><h2 id="k-toegang">Tijdelijke toegang bij vervanging</h2>\n`;
  yield grants.length === 0
    ? '<p>Niemand heeft tijdelijke toegang gehad.</p>\n'
    : `<ul>${grants.map((g) => `<li>${esc(g.user_name)}, jeugdprofessional: van ${esc(moment(g.granted_at))} tot ${esc(moment(g.expires_at))}. Reden: ${esc(mask(g.reason))}</li>`).join('')}</ul>\n`;
  yield '</section>\n';

  // The access log, oldest first, in pages by (at, id).
  yield `<section aria-labelledby="k-log"><h2 id="k-log">Wie heeft het dossier gezien of gewijzigd</h2>
<table class="log"><thead><tr><th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Rol</th><th scope="col">Wat</th></tr></thead><tbody>\n`;
  let after: [string, string] = ['-infinity', '0'];
  let count = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>(
      `SELECT a.id::text AS id, a.at, a.at::text AS at_key, a.action, a.entity, a.role, a.user_id, u.display_name AS user_name, d.name AS device_name, a.on_behalf_of, a.detail
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN devices d ON d.user_id = a.user_id AND d.id = a.device_id
        WHERE a.pupil_id = $1 AND (a.at, a.id) > ($2::timestamptz, $3::bigint)
        ORDER BY a.at, a.id LIMIT ${PAGE}`,
      [ctx.pupilId, after[0], after[1]],
    );
    for (const a of rows) {
      count++;
      const who = a.user_name ?? (a.user_id ? 'Onbekende gebruiker' : 'Systeem');
      yield `<tr><td>${esc(moment(a.at))}</td><td>${esc(who)}</td><td>${esc(roleLabel(a.role))}</td><td>${esc(accessText(a))}${
        a.on_behalf_of ? ` (namens ${esc(a.on_behalf_of)})` : ''
      }</td></tr>\n`;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = [last.at_key, last.id];
  }
  if (count === 0) yield '<tr><td colspan="4">Nog niemand.</td></tr>\n';
  yield `</tbody></table></section></main>
<footer><p class="meta">Einde van het document. Afgegeven op ${esc(day(ctx.now))}, regio ${esc(region)}.</p></footer></body></html>\n`;
}
