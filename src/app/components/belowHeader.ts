/**
 * Where a "saved" toast goes: just below the page header. At the top of the screen it covered the
 * page title; above the tab bar it lay over the next form's sticky "Opslaan" and took its tap. Below
 * the header it covers neither: the title stays readable, and the form's button is at the bottom.
 *
 * Ionic places a toast under an anchor element when it appears. The header of the form being left
 * is not a good anchor (the page that follows hides it during the transition, and Ionic then puts
 * the toast back at the very top), so the anchor is one fixed, invisible element of our own with the
 * header's height, measured now. Every page has the same header (PageHeader), so the height holds for
 * the page the user lands on.
 */
export function belowHeader(): HTMLElement {
  const page = document.activeElement?.closest('.ion-page');
  const header =
    page?.querySelector(':scope > ion-header') ??
    [...document.querySelectorAll('.ion-page:not(.ion-page-hidden) > ion-header')].pop() ??
    null;
  let anchor = document.getElementById('toast-anchor');
  if (!anchor) {
    anchor = document.createElement('div');
    anchor.id = 'toast-anchor';
    anchor.setAttribute('aria-hidden', 'true');
    // Absolute, not fixed: Ionic takes an anchor without an offsetParent (a fixed element) for hidden.
    Object.assign(anchor.style, { position: 'absolute', top: '0', left: '0', width: '1px', pointerEvents: 'none', visibility: 'hidden' });
    document.body.append(anchor);
  }
  anchor.style.height = `${Math.round(header?.getBoundingClientRect().bottom ?? 0)}px`;
  return anchor;
}
