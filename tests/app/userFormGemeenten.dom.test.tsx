// The beheer user form for a leerplichtambtenaar: the role works for gemeenten, not schools, so the
// form asks for one or more gemeenten (with the schools each brings), refuses to save without one,
// and sends the chosen gemeenten to the beheer API. The service is the network boundary: fetch
// answers as /api/admin/users and /api/schools do.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionTokens } from '../../src/app/api/client';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import UserFormPage from '../../src/app/pages/UserFormPage';

setSessionTokens({ token: () => Promise.resolve('token') });

const huizen = { id: '5d1e2f30-0000-4000-8000-000000000001', kind: 'gemeente', name: 'Huizen' } as const;
const weesp = { id: '5d1e2f30-0000-4000-8000-000000000002', kind: 'gemeente', name: 'Weesp' } as const;
const swv = { id: '5d1e2f30-0000-4000-8000-000000000003', kind: 'swv', name: 'SWV Gooi en Vechtstreek' } as const;
const school = (n: number, name: string, gemeenteId: string) => ({
  id: `0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000${n}`,
  name,
  kind: 'po',
  place: '',
  presenceDays: [1],
  gemeenteId,
  teamShares: true,
});
const schools = [
  school(1, 'OBS De Springplank', huizen.id),
  school(2, 'Meerwende College', huizen.id),
  school(3, 'Vechtdal Lyceum', weesp.id),
];

let posted: unknown[] = [];

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.meta.put({
    key: 'session',
    value: {
      user: { id: 'beheer-1', name: 'Beheer', role: 'beheerder', schools: [], areas: [swv, huizen, weesp] },
      accessToken: 'x',
      accessExpiresAt: 0,
      refreshToken: 'r',
    },
  });
  await loadSession(db);
});
beforeEach(() => {
  posted = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));
      if (url.endsWith('/api/schools')) return json({ schools });
      if (url.endsWith('/api/admin/users') && init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { username: string; name: string; role: string; gemeenteIds?: string[] };
        posted.push(body);
        const user = {
          id: '9a9a9a9a-0000-4000-8000-000000000009',
          username: body.username,
          name: body.name,
          role: body.role,
          schoolIds: [],
          gemeenteIds: body.gemeenteIds ?? [],
          createdAt: '2026-12-07T10:00:00.000Z',
          activationExpiresAt: '2026-12-10T10:00:00.000Z',
          activated: false,
          secondFactor: { totp: false, passkeys: 0 },
          devices: [],
        };
        return json({ user, activation: { code: 'ABCD-EFGH-JKMN', expiresAt: '2026-12-10T10:00:00.000Z' } }, 201);
      }
      if (url.endsWith('/api/admin/users')) return json({ users: [] });
      return json({ error: 'not_found', message: 'Niet gevonden' }, 404);
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
afterAll(async () => {
  await db.meta.delete('session');
  clearSessionFromMemory();
});

const open = () =>
  render(
    <MemoryRouter initialEntries={['/beheer/gebruikers/nieuw']}>
      <Routes>
        <Route path="/beheer/gebruikers/:id" element={<UserFormPage />} />
      </Routes>
    </MemoryRouter>,
  );

describe('new leerplichtambtenaar on the beheer user form', () => {
  it('asks for gemeenten instead of schools, and says so when none is chosen', async () => {
    open();
    fireEvent.change(await screen.findByRole('textbox', { name: /^Naam/ }), { target: { value: 'Lotte de Leerplicht' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Gebruikersnaam/ }), { target: { value: 'leerplicht.lotte' } });
    // Before the role is chosen the form asks for schools, as for every other role.
    expect(screen.getByRole('group', { name: /^Scholen/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Leerplichtambtenaar' }));

    const gemeenten = screen.getByRole('group', { name: /^Gemeenten/ });
    expect(screen.queryByRole('group', { name: /^Scholen/ })).toBeNull();
    // Only gemeenten (not the samenwerkingsverband), each with the schools it brings.
    const boxes = within(gemeenten).getAllByRole('checkbox');
    expect(boxes.map((b) => b.closest('label')!.textContent)).toEqual([
      'Huizen, 2 scholen: OBS De Springplank, Meerwende College',
      'Weesp, 1 school: Vechtdal Lyceum',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Gebruiker toevoegen' }));
    const message = 'Kies minstens één gemeente voor een leerplichtambtenaar';
    await waitFor(() => expect(within(gemeenten).getByText(message)).toBeTruthy());
    expect(posted).toEqual([]);
  });

  it('sends the chosen gemeenten and no schools, and hands out the activation code', async () => {
    open();
    fireEvent.change(await screen.findByRole('textbox', { name: /^Naam/ }), { target: { value: 'Lotte de Leerplicht' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Gebruikersnaam/ }), { target: { value: 'leerplicht.lotte' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Leerplichtambtenaar' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^Huizen/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^Weesp/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Gebruiker toevoegen' }));

    expect(await screen.findByText('ABCD-EFGH-JKMN')).toBeTruthy();
    expect(posted).toEqual([
      { name: 'Lotte de Leerplicht', username: 'leerplicht.lotte', role: 'leerplicht', schoolIds: [], gemeenteIds: [huizen.id, weesp.id] },
    ]);
  });
});
