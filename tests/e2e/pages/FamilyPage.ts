import type { Locator } from '@playwright/test';
import { fieldLabel, Screen } from './Screen';

/** /gezin/:id: the children of a family as this user may see them, linking, and the family plan. */
export class FamilyPage extends Screen {
  readonly path = '/gezin';
  readonly heading = 'Gezin en gezinsplan';

  get children(): Locator {
    return this.view.getByRole('list', { name: 'Kinderen' });
  }

  field(label: string): Locator {
    return this.view.getByLabel(fieldLabel(label));
  }

  button(name: string): Locator {
    return this.view.getByRole('button', { name });
  }
}
