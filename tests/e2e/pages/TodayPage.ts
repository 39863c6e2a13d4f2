import type { Locator } from '@playwright/test';
import { Screen } from './Screen';

/** /vandaag: the first screen, with quick actions and the follow-ups due. */
export class TodayPage extends Screen {
  readonly path = '/vandaag';
  readonly heading = 'Vandaag';

  get quickActions(): Locator {
    return this.view.getByRole('navigation', { name: 'Snel vastleggen' });
  }

  quickAction(name: '+ Signaal' | '+ Contactmoment' | '+ Consultatie'): Locator {
    return this.quickActions.getByRole('link', { name });
  }

  get followUps(): Locator {
    return this.view.getByRole('region', { name: 'Opvolgen' });
  }

  /** The cards under "Opvolgen": each a link named by everything on it (kind, date, pupil, school, …). */
  get followUpItems(): Locator {
    return this.followUps.getByRole('list').getByRole('link');
  }

  /** "Vandaag op school: …" */
  get schoolsToday(): Locator {
    return this.view.getByText(/^Vandaag (op school|sta je op geen school)/);
  }

  get allRecordsLink(): Locator {
    return this.view.getByRole('link', { name: 'Alle registraties bekijken en filteren' });
  }
}
