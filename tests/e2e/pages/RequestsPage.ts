import type { Locator } from '@playwright/test';
import { Screen } from './Screen';

/** /vragen: the IB'er's consultatievragen, newest first. */
export class RequestsPage extends Screen {
  readonly path = '/vragen';
  readonly heading = 'Consultatievragen';

  get newRequest(): Locator {
    return this.view.getByRole('link', { name: '+ Nieuwe vraag' });
  }

  get list(): Locator {
    return this.view.getByRole('list', { name: 'Consultatievragen, nieuwste eerst' });
  }

  /** The card of the request whose question contains `text`. */
  item(text: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: text });
  }
}
