import type { Locator } from '@playwright/test';
import { escapeRegExp, Screen } from './Screen';

/** /instellingen: storage on this device and what it holds. */
export class SettingsPage extends Screen {
  readonly path = '/instellingen';
  readonly heading = 'Instellingen';

  get storage(): Locator {
    return this.view.getByRole('region', { name: 'Opslag op dit toestel' });
  }

  /** The value (dd) that follows a term (dt) in the lists of facts. */
  fact(term: string): Locator {
    return this.view.getByRole('term').filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) }).locator('xpath=following-sibling::dd[1]');
  }
}
