/** Demo schools of the e2e log-in (src/server/demo.ts), as the forms show them. */
export const schools = {
  springplank: { option: 'OBS De Springplank (Huizen)', name: 'OBS De Springplank' },
  vuurvogel: { option: 'KBS De Vuurvogel (Huizen)', name: 'KBS De Vuurvogel' },
  meerwende: { option: 'Meerwende College (Bussum)', name: 'Meerwende College' },
} as const;

/**
 * Fixed dates, so no test depends on the day it runs. All in the past: nothing here is a
 * follow-up "in the future" by accident.
 */
export const dates = {
  early: '2026-01-05',
  middle: '2026-01-12',
  late: '2026-01-20',
} as const;
