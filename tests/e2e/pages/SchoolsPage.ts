import type { Locator } from '@playwright/test';
import { Screen } from './Screen';

/** /scholen: the coordinator's settings per school (online only). */
export class SchoolsPage extends Screen {
  readonly path = '/scholen';
  readonly heading = 'Scholen';

  school(name: string): Locator {
    return this.view.getByRole('region', { name });
  }

  /** The checkbox of a weekday ("maandag" … "vrijdag") at a school. */
  day(school: string, day: string): Locator {
    return this.school(school).getByRole('checkbox', { name: day });
  }

  teamShares(school: string): Locator {
    return this.school(school).getByRole('switch', { name: 'Team deelt dossiers' });
  }

  saved(school: string): Locator {
    return this.school(school).getByRole('status');
  }
}
