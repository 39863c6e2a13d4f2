import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Run axe on the page as it is now. Every violation is printed and attached to the report; the
 * caller fails only on serious and critical ones.
 */
export async function axeFindings(page: Page, screen: string, testInfo: TestInfo): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.passes.length === 0) throw new Error(`axe checked nothing on ${screen}`);
  const findings = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }));
  for (const f of findings) {
    console.log(`[axe] ${screen}: ${f.impact} ${f.id} (${f.help})\n${f.nodes.map((n) => `    ${n}`).join('\n')}`);
  }
  await testInfo.attach(`axe-${screen}.json`, { body: JSON.stringify(findings, null, 2), contentType: 'application/json' });
  return findings;
}

export function seriousOrWorse(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

export interface TouchTarget {
  control: string;
  width: number;
  height: number;
  /** An Ionic component (toolbar button, back button, tab): reported, not failed. */
  ionic: boolean;
}

/** WCAG 2.5.5 (AAA) size, which is also what Apple and Google ask for: 44 x 44 CSS px. */
export const MIN_TARGET = 44;

/**
 * The size of every visible control in `scope`: buttons, links, fields, and Ionic's own buttons.
 * A radio button or checkbox is measured by its label, which is what takes the tap.
 */
export function touchTargets(scope: Locator): Promise<TouchTarget[]> {
  return scope.evaluate((root) => {
    const selector = 'button, a[href], input, select, textarea, ion-back-button, ion-button, ion-tab-button';
    const out: { control: string; width: number; height: number; ionic: boolean }[] = [];
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(selector))) {
      const ionicHost = el.closest('ion-back-button, ion-button, ion-tab-button');
      if (ionicHost && ionicHost !== el) continue; // measured once, as the Ionic component
      const input = el instanceof HTMLInputElement ? el : null;
      const target = input && (input.type === 'radio' || input.type === 'checkbox') ? (input.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      const labels = 'labels' in el ? (el as HTMLInputElement).labels : null;
      const label = el.getAttribute('aria-label') ?? el.getAttribute('text') ?? labels?.[0]?.textContent ?? '';
      const name = (label || el.textContent || el.getAttribute('name') || '').replace(/\s+/g, ' ').trim().slice(0, 50);
      out.push({
        control: `${el.tagName.toLowerCase()}${input ? `[type=${input.type}]` : ''} "${name}"`,
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
        ionic: ionicHost !== null,
      });
    }
    return out;
  });
}

export function tooSmall(targets: TouchTarget[]): TouchTarget[] {
  return targets.filter((t) => t.width < MIN_TARGET || t.height < MIN_TARGET);
}

/** Horizontal overflow of the document and of the current screen's scroll area. */
export function horizontalOverflow(scope: Locator): Promise<{ document: number; content: number; viewport: number }> {
  return scope.evaluate(async (root) => {
    type IonContentElement = HTMLElement & { getScrollElement(): Promise<HTMLElement> };
    const content = root.querySelector<IonContentElement>('ion-content');
    const scroller = content ? await content.getScrollElement() : null;
    return {
      document: document.documentElement.scrollWidth,
      content: scroller ? scroller.scrollWidth - scroller.clientWidth : 0,
      viewport: window.innerWidth,
    };
  });
}

/**
 * Text that does not fit its box at this width: the element's content is wider than the element
 * (text running out of a button, a title cut off with an ellipsis). Fields scroll their own text
 * and are left out.
 */
export function clippedText(scope: Locator): Promise<{ element: string; text: string; contentWidth: number; boxWidth: number }[]> {
  return scope.evaluate((root) => {
    const out: { element: string; text: string; contentWidth: number; boxWidth: number }[] = [];
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
      if (el.matches('input, select, textarea, option, ion-content, ion-header, ion-toolbar')) continue;
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      // Text for screen readers only is clipped on purpose.
      if (!ownText || el.clientWidth <= 1 || el.closest('.visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push({
          element: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`,
          text: el.textContent!.replace(/\s+/g, ' ').trim().slice(0, 60),
          contentWidth: el.scrollWidth,
          boxWidth: el.clientWidth,
        });
      }
    }
    return out;
  });
}
