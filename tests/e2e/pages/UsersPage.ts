import type { Locator } from '@playwright/test';
import { escapeRegExp, fieldLabel, Screen } from './Screen';

/** /beheer/gebruikers: the beheerder's list of users (online only). */
export class UsersPage extends Screen {
  readonly path = '/beheer/gebruikers';
  readonly heading = 'Gebruikers';

  get search(): Locator {
    return this.view.getByRole('searchbox', { name: 'Zoek op naam, gebruikersnaam, rol of school' });
  }

  get addUser(): Locator {
    return this.view.getByRole('link', { name: '+ Gebruiker toevoegen' });
  }

  /** "1 gebruiker", "12 gebruikers" or the no-results message. */
  get resultCount(): Locator {
    return this.view.getByRole('status').filter({ hasText: /gebruiker|Geen gebruikers/ });
  }

  /** The link of one user in the list, by their name. */
  user(name: string): Locator {
    return this.view.getByRole('list').getByRole('link', { name: new RegExp(`^${escapeRegExp(name)} `) });
  }

  get offlineNotice(): Locator {
    return this.view.getByText('Beheer werkt alleen met verbinding.');
  }
}

/** /beheer/gebruikers/nieuw and /beheer/gebruikers/:id: one user, their schools and devices. */
export class UserFormPage extends Screen {
  readonly path = '/beheer/gebruikers/nieuw';
  constructor(
    page: ConstructorParameters<typeof Screen>[0],
    readonly heading: 'Nieuwe gebruiker' | 'Gebruiker' = 'Nieuwe gebruiker',
  ) {
    super(page);
  }

  field(label: 'Naam' | 'Gebruikersnaam' | 'Wachtwoord' | 'Nieuw wachtwoord'): Locator {
    return this.view.getByLabel(fieldLabel(label));
  }

  role(label: string): Locator {
    return this.view.getByRole('group', { name: /^Rol/ }).getByRole('radio', { name: label });
  }

  school(name: string): Locator {
    return this.view.getByRole('group', { name: 'Scholen' }).getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(name)}`) });
  }

  /** The message under a field, which the field names as its description. */
  fieldError(id: 'name' | 'username' | 'password' | 'schoolIds' | 'role'): Locator {
    // The message under the field with that name (ids are the form's own: React's useId).
    return this.view.locator(`.field:has([name="${id}"]) > .field-error`);
  }

  get save(): Locator {
    return this.view.getByRole('button', { name: /^(Gebruiker toevoegen|Opslaan)$/ });
  }

  get devices(): Locator {
    return this.view.getByRole('region', { name: 'Toestellen' });
  }

  /** The device whose card shows this code (the code the user reads from Instellingen on that device). */
  deviceByCode(code: string): Locator {
    return this.devices.getByRole('listitem').filter({ hasText: new RegExp(`Code ${escapeRegExp(code)}(?![0-9A-F])`) });
  }

  /** One device in the list, by position (newest contact first). */
  device(index = 0): Locator {
    return this.devices.getByRole('listitem').nth(index);
  }
}
