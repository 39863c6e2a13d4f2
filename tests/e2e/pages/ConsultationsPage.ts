import type { Locator } from '@playwright/test';
import { Screen } from './Screen';

/** /consultaties: every consultation, newest first. */
export class ConsultationsPage extends Screen {
  readonly path = '/consultaties';
  readonly heading = 'Consultaties';

  get newConsultation(): Locator {
    return this.view.getByRole('link', { name: '+ Nieuwe consultatie' });
  }

  get list(): Locator {
    return this.view.getByRole('list', { name: 'Consultaties, nieuwste eerst' });
  }

  /** Each consultation's card: a link named by everything on it (kind, date, pupil, school, …). */
  get items(): Locator {
    return this.list.getByRole('link');
  }
}
