import type { Locator } from '@playwright/test';
import { escapeRegExp, Screen } from './Screen';

/** /instellingen: this device and the user's devices, storage on this device and what it holds. */
export class SettingsPage extends Screen {
  readonly path = '/instellingen';
  readonly heading = 'Instellingen';

  get storage(): Locator {
    return this.view.getByRole('region', { name: 'Opslag op dit toestel' });
  }

  /** The value (dd) that follows a term (dt) in the lists of facts. */
  fact(term: string): Locator {
    return this.view
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }

  /** "Dit toestel: Chrome op Linux · code 7F3A": what the user reads out to the beheerder. */
  get thisDevice(): Locator {
    return this.view.getByTestId('this-device');
  }

  /** This device's code, as the user reads it from the screen. */
  async thisDeviceCode(): Promise<string> {
    const text = (await this.thisDevice.textContent()) ?? '';
    const code = /code ([0-9A-Z]{4})/.exec(text)?.[1];
    if (!code) throw new Error(`No device code in "${text}"`);
    return code;
  }

  /** The user's devices ("Mijn toestellen"), from the central service. */
  get devices(): Locator {
    return this.view.getByRole('list', { name: 'Mijn toestellen' }).getByRole('listitem');
  }
}
