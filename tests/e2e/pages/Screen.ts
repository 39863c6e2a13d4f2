import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Ionic keeps earlier pages in the DOM (hidden with `ion-page-hidden`), so every locator of a
 * screen is scoped to the one page the user sees.
 */
export const CURRENT_PAGE = 'ion-router-outlet > .ion-page:not(.ion-page-hidden)';

export type TabName = 'Vandaag' | 'Leerlingen' | 'Consultaties' | 'Contactpersonen';

export abstract class Screen {
  abstract readonly path: string;
  /** The screen's h1, as the user reads it in the toolbar. */
  abstract readonly heading: string;
  readonly view: Locator;

  constructor(readonly page: Page) {
    this.view = page.locator(CURRENT_PAGE);
  }

  /** Open the screen by its address (a fresh page load). */
  async open(query = ''): Promise<this> {
    await this.page.goto(this.path + query);
    await this.expectShown();
    return this;
  }

  /**
   * The screen is what the user sees: exactly one current page, with this heading, fully opaque.
   * Checked in one read of the DOM, because during a transition Ionic shows two pages and may hide
   * and show the previous one again. Playwright's toBeVisible() counts `opacity: 0` as visible, and
   * a page whose enter transition never ran stays exactly that (`ion-page-invisible`).
   */
  async expectShown(): Promise<void> {
    await expect
      .poll(() => this.currentPages(), { message: `only "${this.heading}" is on screen, fully shown` })
      .toEqual([{ heading: this.heading, invisible: false, opacity: '1' }]);
  }

  /** The pages Ionic has not hidden, as the user would see them. */
  currentPages(): Promise<{ heading: string | null; invisible: boolean; opacity: string }[]> {
    return this.page
      .evaluate(
        (selector) =>
          Array.from(document.querySelectorAll(selector)).map((el) => ({
            heading: el.querySelector('h1')?.textContent?.trim() ?? null,
            invisible: el.classList.contains('ion-page-invisible'),
            opacity: getComputedStyle(el).opacity,
          })),
        CURRENT_PAGE,
      )
      .catch(() => []); // the page is navigating: try again
  }

  get statusStrip(): Locator {
    return this.view.getByTestId('status-strip');
  }

  /** The strip's live status line: "Online · [sync state ·] 2 wijzigingen wachten op synchronisatie". */
  get statusLine(): Locator {
    return this.statusStrip.getByRole('status');
  }

  async expectStatus(online: 'Online' | 'Offline', waiting: string): Promise<void> {
    await expect(this.statusLine).toHaveText(new RegExp(`^${online} · (.+ · )?${escapeRegExp(waiting)}$`));
  }

  tab(name: TabName): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** The settings button in the toolbar of every screen. */
  get settingsButton(): Locator {
    return this.view.getByRole('link', { name: 'Instellingen en opslag' });
  }

  get backButton(): Locator {
    return this.view.getByRole('button', { name: 'Terug' });
  }

  /** A toast (Ionic renders it outside the page, in an overlay). */
  toast(message: string | RegExp): Locator {
    return this.page.locator('ion-toast').filter({ hasText: message });
  }
}

/** A form field by its visible label; optional fields carry " (optioneel)" after the label. */
export function fieldLabel(label: string): RegExp {
  return new RegExp(`^${escapeRegExp(label)}( \\(optioneel\\))?$`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
