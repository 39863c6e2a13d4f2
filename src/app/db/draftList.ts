// The drafts list: every unfinished form on this device, as the Concepten screen shows it. A draft
// is stored under the key its form uses (useFormTarget, MeldcodeStepForm, RequestPage); this file
// reads that key back into what it is and where its form lives.
import type { Draft, SchoolnabijDB } from './db';
import { pupilLabel } from '../i18n/format';

export interface DraftEntry {
  key: string;
  /** "Nieuw signaal", "Contactmoment wijzigen", "Meldcode, stap 2". */
  what: string;
  /** The path that opens the form again with the draft in it. */
  path: string;
  /** The pupil it is about ("J.P. · groep 4", "nieuwe leerling: Mo"), when the form names one. */
  pupil: string | null;
  savedAt: string;
}

const forms: Record<string, { noun: string; new: string; path: (id: string) => string; newPath: string }> = {
  signal: { noun: 'Signaal', new: 'Nieuw signaal', path: (id) => `/signaal/${id}`, newPath: '/signaal/nieuw' },
  contact: { noun: 'Contactmoment', new: 'Nieuw contactmoment', path: (id) => `/contactmoment/${id}`, newPath: '/contactmoment/nieuw' },
  consultation: { noun: 'Consultatie', new: 'Nieuwe consultatie', path: (id) => `/consultatie/${id}`, newPath: '/consultatie/nieuw' },
  pupil: { noun: 'Leerling', new: 'Nieuwe leerling', path: (id) => `/leerlingen/${id}/wijzigen`, newPath: '/leerlingen/nieuw' },
  consultationRequest: {
    noun: 'Consultatievraag',
    new: 'Nieuwe consultatievraag',
    path: (id) => `/vragen/${id}/wijzigen`,
    newPath: '/vragen/nieuw',
  },
  contactPerson: {
    noun: 'Contactpersoon',
    new: 'Nieuwe contactpersoon',
    path: (id) => `/contactpersonen/${id}`,
    newPath: '/contactpersonen/nieuw',
  },
};

/** What a draft key names and where its form is; null for a key no form of this version uses. */
export function describeDraftKey(key: string): Pick<DraftEntry, 'what' | 'path'> | null {
  const parts = key.split(':');
  const [kind, id] = parts;
  if (!kind || !id) return null;
  if (kind === 'meldcode') {
    const step = /^stap(\d)$/.exec(parts[2] ?? '')?.[1];
    return step ? { what: `Meldcode, stap ${step}`, path: `/meldcode/${id}` } : null;
  }
  if (kind === 'request-plan') return { what: 'Consultatievraag inplannen', path: `/vragen/${id}` };
  if (kind === 'request-answer') return { what: 'Antwoord op consultatievraag', path: `/vragen/${id}` };
  const form = forms[kind];
  if (!form) return null;
  if (id !== 'nieuw') return { what: `${form.noun} wijzigen`, path: form.path(id) };
  // New, optionally from a pupil (`:<pupilId>`) and/or a question (`:vraag:<id>`): the same URL again.
  const rest = parts.slice(2);
  const query = new URLSearchParams();
  const v = rest.indexOf('vraag');
  const pupilId = v === 0 ? undefined : rest[0];
  if (pupilId) query.set('leerling', pupilId);
  if (v >= 0 && rest[v + 1]) query.set('vraag', rest[v + 1]!);
  const q = query.toString();
  return { what: form.new, path: q ? `${form.newPath}?${q}` : form.newPath };
}

async function pupilOf(db: SchoolnabijDB, draft: Draft): Promise<string | null> {
  const v = draft.values;
  if (v.pupilId === 'nieuw' && typeof v.initials === 'string' && v.initials.trim()) return `nieuwe leerling: ${v.initials.trim()}`;
  if (typeof v.pupilId === 'string' && v.pupilId && v.pupilId !== 'nieuw') {
    const p = await db.pupils.get(v.pupilId);
    if (p) return pupilLabel(p);
  }
  if (draft.key.startsWith('pupil:') && typeof v.initials === 'string' && v.initials.trim()) return v.initials.trim();
  return null;
}

/** Every draft on this device that a form of this version can open, newest first. */
export async function draftEntries(db: SchoolnabijDB): Promise<DraftEntry[]> {
  const rows = await db.drafts.toArray();
  const out: DraftEntry[] = [];
  for (const d of rows) {
    const described = describeDraftKey(d.key);
    if (!described) continue;
    out.push({ key: d.key, ...described, pupil: await pupilOf(db, d), savedAt: d.savedAt });
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
