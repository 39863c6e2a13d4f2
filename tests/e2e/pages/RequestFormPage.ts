import type { Page } from '@playwright/test';
import { FormScreen } from './FormScreen';

export interface RequestFill {
  /** Leave out for an anonymous question. */
  pupil?: { initials: string; group: string };
  topic: string;
  question: string;
  urgency: 'Vandaag' | 'Deze week' | 'Kan wachten';
  channel: 'Op school' | 'Telefonisch' | 'Online' | 'Maakt niet uit';
  moment?: string;
  consent: 'Nog niet besproken met ouders' | 'Ouders zijn op de hoogte' | 'Ouders hebben toestemming gegeven';
}

/** /vragen/nieuw and /vragen/:id/wijzigen: the IB'er's question. */
export class RequestFormPage extends FormScreen {
  readonly path = '/vragen/nieuw';
  get heading() {
    return this.editing ? 'Vraag wijzigen' : 'Nieuwe vraag';
  }

  constructor(page: Page, editing = false) {
    super(page, editing);
  }

  get anonymousSwitch() {
    return this.view.getByRole('checkbox', { name: 'Anonieme vraag (zonder leerling)' });
  }

  get sendButton() {
    return this.view.getByRole('button', { name: this.editing ? 'Opslaan' : 'Vraag versturen' });
  }

  async fill(v: RequestFill): Promise<void> {
    if (v.pupil) {
      await this.field('Initialen of roepnaam').fill(v.pupil.initials);
      await this.field('Groep of klas').fill(v.pupil.group);
    } else {
      await this.anonymousSwitch.check();
    }
    await this.select('Onderwerp', v.topic);
    await this.field('Vraag').fill(v.question);
    await this.group('Hoe dringend?').getByRole('radio', { name: v.urgency, exact: true }).check();
    await this.group('Voorkeur contact').getByRole('radio', { name: v.channel, exact: true }).check();
    if (v.moment) await this.field('Voorkeursmoment').fill(v.moment);
    await this.group('Wat weten ouders?').getByRole('radio', { name: v.consent, exact: true }).check();
  }

  override async save(): Promise<void> {
    await this.sendButton.click();
  }
}
