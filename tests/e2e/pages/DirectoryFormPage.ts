import type { Locator } from '@playwright/test';
import { FormScreen } from './FormScreen';

export interface PersonInput {
  /** Option text of the school select: "OBS De Springplank (Huizen)". */
  school?: string;
  /** Option text: "Leerplichtambtenaar", "Veilig Thuis", … */
  role?: string;
  name?: string;
  organisation?: string;
  phone?: string;
  email?: string;
  notes?: string;
  /** Slots to add: day as the select shows it ("dinsdag"), times as HH:MM. */
  slots?: { day: string; from: string; to: string }[];
}

/** /contactpersonen/nieuw and /contactpersonen/:id (coordinator only). */
export class DirectoryFormPage extends FormScreen {
  readonly path = '/contactpersonen/nieuw';
  get heading() {
    return this.editing ? 'Contactpersoon wijzigen' : 'Nieuwe contactpersoon';
  }

  get presence(): Locator {
    return this.view.getByRole('group', { name: /^Aanwezig op school/ });
  }

  slot(n: number): Locator {
    return this.presence.getByRole('group', { name: `Dagdeel ${n}` });
  }

  get deleteButton(): Locator {
    return this.view.getByRole('button', { name: /^Verwijderen/ });
  }

  async fill(p: PersonInput): Promise<void> {
    if (p.school) await this.select('School, gemeente of regio', p.school);
    if (p.role) await this.select('Rol', p.role);
    if (p.name !== undefined) await this.field('Naam').fill(p.name);
    if (p.organisation !== undefined) await this.field('Organisatie').fill(p.organisation);
    if (p.phone !== undefined) await this.field('Telefoon').fill(p.phone);
    if (p.email !== undefined) await this.field('E-mail').fill(p.email);
    if (p.notes !== undefined) await this.field('Notities').fill(p.notes);
    for (const s of p.slots ?? []) {
      const n = (await this.presence.getByRole('group', { name: /^Dagdeel \d+$/ }).count()) + 1;
      await this.presence.getByRole('button', { name: '+ Dagdeel toevoegen' }).click();
      const slot = this.slot(n);
      await slot.getByLabel('Dag').selectOption({ label: s.day });
      await slot.getByLabel('Van').fill(s.from);
      await slot.getByLabel('Tot').fill(s.to);
    }
  }
}
