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

  get allRecordsLink(): Locator {
    return this.view.getByRole('link', { name: 'Alle registraties bekijken en filteren' });
  }
}
