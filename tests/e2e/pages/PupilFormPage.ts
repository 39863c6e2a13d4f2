import { FormScreen, type NewPupil } from './FormScreen';

/** /leerlingen/nieuw */
export class PupilFormPage extends FormScreen {
  readonly path = '/leerlingen/nieuw';
  get heading() {
    return this.editing ? 'Leerling wijzigen' : 'Nieuwe leerling';
  }

  async fill(input: NewPupil & { school: string }): Promise<void> {
    await this.select('School', input.school);
    await this.field('Initialen of roepnaam').fill(input.initials);
    await this.field('Groep of klas').fill(input.group);
    await this.field('Geboortejaar').fill(input.birthYear);
  }
}
