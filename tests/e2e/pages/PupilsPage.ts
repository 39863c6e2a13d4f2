import type { Locator } from '@playwright/test';
import { escapeRegExp, fieldLabel, Screen } from './Screen';

/** /leerlingen: search and list the pupils on this device. */
export class PupilsPage extends Screen {
  readonly path = '/leerlingen';
  readonly heading = 'Leerlingen';

  get search(): Locator {
    return this.view.getByRole('searchbox', { name: 'Zoek op initialen of groep' });
  }

  get school(): Locator {
    return this.view.getByLabel(fieldLabel('School'));
  }

  get addPupil(): Locator {
    return this.view.getByRole('link', { name: '+ Leerling toevoegen' });
  }

  /** One link per pupil found, named "<initials> <group> · <school> · <birth year>". */
  get results(): Locator {
    return this.view.getByRole('list').getByRole('link');
  }

  /** "1 leerling", "3 leerlingen", or the no-results message. */
  get resultCount(): Locator {
    return this.view.getByText(/^(\d+ leerling(en)?|Geen leerlingen gevonden met deze zoekopdracht\.)$/);
  }

  pupil(initials: string): Locator {
    return this.view.getByRole('list').getByRole('link', { name: new RegExp(`^${escapeRegExp(initials)} `) });
  }
}
