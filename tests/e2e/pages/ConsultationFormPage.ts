import { FormScreen, type PupilChoice } from './FormScreen';

export interface ConsultationInput extends Partial<PupilChoice> {
  /** "IB'er / zorgcoördinator", "Leerkracht", "Ouder/verzorger", "Andere professional", "Anders" */
  withWhom?: string;
  question?: string;
  advice?: string;
  date?: string;
  followUp?: string;
}

/** /consultatie/nieuw and /consultatie/:id */
export class ConsultationFormPage extends FormScreen {
  readonly path = '/consultatie/nieuw';
  get heading() {
    return this.editing ? 'Consultatie wijzigen' : 'Nieuwe consultatie';
  }

  async fill(input: ConsultationInput): Promise<void> {
    if (input.withWhom) await this.select('Met wie', input.withWhom);
    if (input.question !== undefined) await this.field('Vraag').fill(input.question);
    if (input.advice !== undefined) await this.field('Gegeven advies').fill(input.advice);
    if (input.school) await this.choosePupil({ school: input.school, ...(input.pupil ? { pupil: input.pupil } : {}) });
    if (input.date) await this.field('Datum').fill(input.date);
    if (input.followUp) await this.field('Opvolgen op').fill(input.followUp);
  }
}
