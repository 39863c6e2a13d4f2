import type { School } from '../../domain';
import type { SchoolnabijDB } from './db';

/**
 * Until log-in and sync exist, the device carries the demo region's schools and a demo
 * jeugdprofessional, so the app can be used at once. Sync replaces this with the user's own schools.
 */
export const demoSchools: School[] = [
  { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001', name: 'OBS De Springplank', kind: 'po', place: 'Huizen', presenceDays: [1, 3] },
  { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000002', name: 'KBS De Vuurvogel', kind: 'po', place: 'Huizen', presenceDays: [2] },
  { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003', name: 'Meerwende College', kind: 'vo', place: 'Bussum', presenceDays: [4, 5] },
];

export interface DeviceUser {
  id: string;
  name: string;
}

export const demoUser: DeviceUser = { id: 'demo-jeugdprofessional', name: 'Sanne de Vries' };

export async function ensureDemoData(db: SchoolnabijDB): Promise<void> {
  await db.transaction('rw', db.schools, async () => {
    if ((await db.schools.count()) === 0) await db.schools.bulkPut(demoSchools);
  });
}
