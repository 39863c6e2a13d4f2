import type { Locator, Page } from '@playwright/test';
import { escapeRegExp, Screen } from './Screen';

export type RecordKind = 'Signaal' | 'Contactmoment' | 'Consultatie';

/** /leerlingen/:id: one pupil with the timeline of everything recorded, newest first. */
export class PupilPage extends Screen {
  readonly path: string;
  readonly heading: string;

  constructor(
    page: Page,
    readonly initials: string,
    id = '',
  ) {
    super(page);
    this.heading = `Leerling ${initials}`;
    this.path = `/leerlingen/${id}`;
  }

  /** The id in the address of the pupil page the browser shows. */
  pupilId(): string {
    const match = /\/leerlingen\/([0-9a-f-]{36})$/.exec(new URL(this.page.url()).pathname);
    if (!match?.[1]) throw new Error(`not on a pupil page: ${this.page.url()}`);
    return match[1];
  }

  quickAction(name: '+ Signaal' | '+ Contactmoment' | '+ Consultatie'): Locator {
    return this.view.getByRole('navigation', { name: 'Vastleggen voor deze leerling' }).getByRole('link', { name });
  }

  get timeline(): Locator {
    return this.view.getByRole('list', { name: 'Tijdlijn, nieuwste eerst' });
  }

  get timelineItems(): Locator {
    return this.timeline.getByRole('listitem');
  }

  /** Timeline entries of one kind, optionally only those whose text contains `text`. */
  items(kind: RecordKind, text?: string): Locator {
    // Each card is one link whose name starts with the kind: "Signaal ma 12 jan. 2026 …".
    const items = this.timelineItems.filter({ has: this.page.getByRole('link', { name: new RegExp(`^${kind} `) }) });
    return text ? items.filter({ hasText: new RegExp(escapeRegExp(text)) }) : items;
  }

  /** The card is one link that opens the record's form. */
  openLink(item: Locator): Locator {
    return item.getByRole('link');
  }

  /** Behind the card's "Meer" menu. */
  archiveButton(item: Locator, kind: RecordKind): Locator {
    return item.getByRole('button', { name: `Archiveren ${kind.toLowerCase()}` });
  }

  /** The card's "Meer" menu (a disclosure). */
  moreMenu(item: Locator, kind: RecordKind): Locator {
    return item.getByText(`Meer acties voor dit ${kind.toLowerCase()}`);
  }

  /** Opens the card's menu and archives the record. */
  async archive(item: Locator, kind: RecordKind): Promise<void> {
    await this.moreMenu(item, kind).click();
    await this.archiveButton(item, kind).click();
  }

  /** The undo notice that stays until closed: "Signaal gearchiveerd  Ongedaan maken  Sluiten". */
  get undoNotice(): Locator {
    return this.view.locator('.undo-notice');
  }

  get showArchived(): Locator {
    return this.view.getByRole('checkbox', { name: 'Toon gearchiveerde' });
  }

  get emptyTimeline(): Locator {
    return this.view.getByText('Nog niets vastgelegd voor deze leerling.');
  }
}
