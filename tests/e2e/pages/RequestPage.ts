import type { Locator } from '@playwright/test';
import { Screen } from './Screen';

/** /vragen/:id: one consultatievraag, with the actions the user's role allows. */
export class RequestPage extends Screen {
  readonly heading = 'Consultatievraag';

  constructor(
    page: Screen['page'],
    readonly id = '',
  ) {
    super(page);
  }

  get path() {
    return `/vragen/${this.id}`;
  }

  get detail(): Locator {
    return this.view.locator('.request-detail');
  }

  get advice(): Locator {
    return this.view.getByRole('region', { name: 'Advies voor school' });
  }

  get history(): Locator {
    return this.view.getByRole('region', { name: 'Verloop' });
  }

  get planSection(): Locator {
    return this.view.getByRole('region', { name: /^(Inplannen|Afspraak wijzigen)$/ });
  }

  get answerSection(): Locator {
    return this.view.getByRole('region', { name: /^(Beantwoorden|Antwoord)$/ });
  }

  get adviceField(): Locator {
    return this.view.getByRole('textbox', { name: 'Advies voor school' });
  }

  get noteField(): Locator {
    return this.view.getByRole('textbox', { name: /^Eigen aantekening/ });
  }

  button(name: string): Locator {
    return this.view.getByRole('button', { name, exact: true });
  }

  link(name: string): Locator {
    return this.view.getByRole('link', { name, exact: true });
  }
}
