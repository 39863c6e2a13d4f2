import { FormScreen, type PupilChoice } from './FormScreen';

export interface SignalInput extends Partial<PupilChoice> {
  /** Option text: "Verzuim", "Gedrag", ... */
  theme?: string;
  /** "Zorg", "Zorgelijk" or "Acuut". */
  seriousness?: string;
  /** Option text: "Leerkracht", "IB'er", ... */
  source?: string;
  description?: string;
  /** YYYY-MM-DD; the form starts at today. */
  date?: string;
  followUp?: string;
}

/** /signaal/nieuw and /signaal/:id */
export class SignalFormPage extends FormScreen {
  readonly path = '/signaal/nieuw';
  get heading() {
    return this.editing ? 'Signaal wijzigen' : 'Nieuw signaal';
  }

  get theme() {
    return this.field('Thema');
  }
  get source() {
    return this.field('Bron');
  }
  get description() {
    return this.field('Beschrijving');
  }
  get date() {
    return this.field('Datum');
  }
  get followUp() {
    return this.field('Opvolgen op');
  }
  get seriousness() {
    return this.group('Ernst');
  }

  async fill(input: SignalInput): Promise<void> {
    if (input.school) await this.choosePupil({ school: input.school, ...(input.pupil ? { pupil: input.pupil } : {}) });
    if (input.theme) await this.select('Thema', input.theme);
    if (input.seriousness) await this.radio(input.seriousness).check();
    if (input.source) await this.select('Bron', input.source);
    if (input.description !== undefined) await this.description.fill(input.description);
    if (input.date) await this.date.fill(input.date);
    if (input.followUp) await this.followUp.fill(input.followUp);
  }
}
