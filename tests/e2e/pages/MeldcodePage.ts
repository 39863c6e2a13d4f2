import type { Locator, Page } from '@playwright/test';
import { Screen } from './Screen';

export const DISCLAIMER =
  'Dit is een hulpmiddel om vast te leggen, geen juridisch advies. Volg de meldcode en het afwegingskader van je eigen organisatie.';

/** /meldcode/:id: the five steps of one Meldcode trajectory. */
export class MeldcodePage extends Screen {
  readonly path: string;
  readonly heading = 'Meldcode';

  constructor(page: Page, id = '') {
    super(page);
    this.path = `/meldcode/${id}`;
  }

  get disclaimer(): Locator {
    return this.view.getByText(DISCLAIMER);
  }

  /** "Stap 3 van 5 open sinds …" */
  get progress(): Locator {
    return this.view.locator('.pupil-card').getByRole('status');
  }

  get reminder(): Locator {
    return this.view.getByRole('alert').filter({ hasText: 'Herinnering' });
  }

  step(n: number): Locator {
    return this.view.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: new RegExp(`^Stap ${n}:`) }) });
  }

  /** The form of the open step. */
  stepForm(n: number): Locator {
    return this.view.getByRole('form', { name: `Stap ${n} vastleggen` });
  }

  async completeStep(n: number, note: string, who?: string): Promise<void> {
    const form = this.stepForm(n);
    if (who !== undefined) await form.getByLabel(/^Wie/).fill(who);
    await form.getByLabel(/^Notitie/).fill(note);
    await form.getByRole('button', { name: n === 5 ? 'Traject afsluiten' : 'Stap afronden' }).click();
  }
}
