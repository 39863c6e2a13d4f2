import type { Locator } from '@playwright/test';
import { fieldLabel, Screen } from './Screen';

/** /registraties: every record, filtered by school, theme and date range. */
export class RecordsPage extends Screen {
  readonly path = '/registraties';
  readonly heading = 'Registraties';

  get filters(): Locator {
    return this.view.getByRole('search', { name: 'Registraties filteren' });
  }

  filter(label: 'School' | 'Thema' | 'Vanaf' | 'Tot en met'): Locator {
    return this.filters.getByLabel(fieldLabel(label));
  }

  async setRange(from: string, to: string): Promise<void> {
    await this.filter('Vanaf').fill(from);
    await this.filter('Tot en met').fill(to);
  }

  /** "1 registratie", "3 registraties" */
  get resultCount(): Locator {
    return this.view.getByText(/^\d+ registraties?$/);
  }

  get items(): Locator {
    return this.view.getByRole('list').getByRole('listitem');
  }
}
