import type { Locator } from '@playwright/test';
import { escapeRegExp, Screen } from './Screen';

/** /contactpersonen: the vaste contactpersonen per school, for every role. */
export class DirectoryPage extends Screen {
  readonly path = '/contactpersonen';
  readonly heading = 'Contactpersonen';

  get search(): Locator {
    return this.view.getByRole('searchbox', { name: 'Zoek op naam, organisatie, rol of school' });
  }

  /** "Alleen wie vandaag op school is (dinsdag)" */
  get todayToggle(): Locator {
    return this.view.getByRole('checkbox', { name: /^Alleen wie vandaag op school is/ });
  }

  get resultCount(): Locator {
    return this.view.locator('.result-count');
  }

  get addLink(): Locator {
    return this.view.getByRole('link', { name: '+ Contactpersoon toevoegen' });
  }

  /** The card of one person, found by the name in its heading. */
  person(name: string): Locator {
    return this.view.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  /** The one-tap call link: "Bel <naam>, <nummer>". */
  callLink(name: string): Locator {
    return this.view.getByRole('link', { name: new RegExp(`^Bel ${escapeRegExp(name)},`) });
  }

  mailLink(name: string): Locator {
    return this.view.getByRole('link', { name: new RegExp(`^Mail ${escapeRegExp(name)},`) });
  }

  editLink(name: string): Locator {
    return this.view.getByRole('link', { name: `Wijzigen ${name}` });
  }

  /** Every "Wijzigen …" link: only the coordinator has them. */
  get editLinks(): Locator {
    return this.view.getByRole('link', { name: /^Wijzigen / });
  }

  schoolSection(name: string): Locator {
    return this.view.getByRole('region', { name });
  }
}
