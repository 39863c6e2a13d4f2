import { expect, type Locator, type Page } from '@playwright/test';
import { escapeRegExp, fieldLabel, Screen } from './Screen';

export interface NewPupil {
  initials: string;
  group: string;
  birthYear: string;
}

/**
 * School and pupil, as every record form asks them (PupilPicker). Leave both out when the form
 * starts from a pupil (`?leerling=`): choosing the school again clears the chosen pupil.
 */
export interface PupilChoice {
  /** Option text of the school select, e.g. "OBS De Springplank (Huizen)". */
  school: string;
  /** An existing pupil's option text ("AB · groep 7"), a new pupil, or none (anonymous). */
  pupil?: string | NewPupil;
}

export const NEW_PUPIL_OPTION = '+ Nieuwe leerling toevoegen';

/** What every record form shares (FormShell, fields.tsx, PupilPicker). */
export abstract class FormScreen extends Screen {
  /** `editing`: the form opened on an existing record ("... wijzigen"), not a new one. */
  constructor(
    page: Page,
    readonly editing = false,
  ) {
    super(page);
  }

  /** A text field, select or textarea by its Dutch label. */
  field(label: string): Locator {
    return this.view.getByLabel(fieldLabel(label));
  }

  /** The option a select shows as chosen. */
  selected(label: string): Locator {
    return this.field(label).locator('option:checked');
  }

  radio(name: string): Locator {
    return this.view.getByRole('radio', { name, exact: true });
  }

  group(name: string): Locator {
    return this.view.getByRole('group', { name: fieldLabel(name) });
  }

  get saveButton(): Locator {
    return this.view.getByRole('button', { name: 'Opslaan' });
  }

  /** The error summary above the fields; present (empty) before any error, as a live region. */
  get errorSummary(): Locator {
    return this.view.locator('form').getByRole('alert');
  }

  /** "Je niet-opgeslagen invoer van HH:MM is teruggezet." */
  get restoredNotice(): Locator {
    return this.view.getByText(/^Je niet-opgeslagen invoer van \d{2}:\d{2} is teruggezet\.$/);
  }

  get discardDraftButton(): Locator {
    return this.view.getByRole('button', { name: 'Concept weggooien' });
  }

  async select(label: string, option: string): Promise<void> {
    await this.field(label).selectOption({ label: option });
  }

  async choosePupil({ school, pupil }: PupilChoice): Promise<void> {
    await this.select('School', school);
    if (pupil === undefined) return;
    if (typeof pupil === 'string') {
      await this.select('Leerling', pupil);
      return;
    }
    await this.select('Leerling', NEW_PUPIL_OPTION);
    await expect(this.view.getByRole('group', { name: 'Nieuwe leerling' })).toBeVisible();
    await this.field('Initialen of roepnaam').fill(pupil.initials);
    await this.field('Groep of klas').fill(pupil.group);
    await this.field('Geboortejaar').fill(pupil.birthYear);
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }

  /** The field is marked invalid and its message is read out with it. */
  async expectFieldError(field: Locator, message: string | RegExp): Promise<void> {
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const pattern = typeof message === 'string' ? new RegExp(escapeRegExp(message)) : message;
    await expect(field).toHaveAccessibleDescription(pattern);
  }
}
