import { FormScreen, type PupilChoice } from './FormScreen';

export interface ContactInput extends Partial<PupilChoice> {
  /** "Leerling", "Ouder/verzorger", "Leerkracht", "IB'er", "Andere professional" */
  withWhom?: string;
  /** "Gesprek op school", "Telefonisch", "Huisbezoek", "Online", "MDO/ZAT-overleg" */
  channel?: string;
  date?: string;
  time?: string;
  minutes?: string;
  summary?: string;
  followUp?: string;
}

/** /contactmoment/nieuw and /contactmoment/:id */
export class ContactFormPage extends FormScreen {
  readonly path = '/contactmoment/nieuw';
  get heading() {
    return this.editing ? 'Contactmoment wijzigen' : 'Nieuw contactmoment';
  }

  get summary() {
    return this.field('Samenvatting');
  }

  async fill(input: ContactInput): Promise<void> {
    if (input.school) await this.choosePupil({ school: input.school, ...(input.pupil ? { pupil: input.pupil } : {}) });
    if (input.withWhom) await this.select('Met wie', input.withWhom);
    if (input.channel) await this.select('Hoe', input.channel);
    if (input.date) await this.field('Datum').fill(input.date);
    if (input.time) await this.field('Tijd').fill(input.time);
    if (input.minutes) await this.field('Duur in minuten').fill(input.minutes);
    if (input.summary !== undefined) await this.summary.fill(input.summary);
    if (input.followUp) await this.field('Opvolgen op').fill(input.followUp);
  }
}
