// Runs after every browser test (playwright.config.ts: project "service-log" depends on "chromium")
// and reads the JSON logs of the services they used: a request id on every request line, and not
// one line with personal data. The personal data searched for is what the tests and the demo
// region put into the service: the demo pupils' initials and first names, the people's names and
// every free text of src/server/demo*.ts, and the texts the browser tests type.
import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const literals = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/'((?:[^'\\\n]|\\.)*)'/g)].map((m) => m[1]!.replace(/\\'/g, "'"));
const sources = (dir: string, pattern: RegExp): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));

function personalData(): string[] {
  const demo = sources('src/server', /^demo.*\.ts$/).flatMap(literals);
  const initials = demo.filter((s) => /^[A-Z]\.[A-Z]\.$/.test(s));
  const firstNames = sources('src/server', /^demo.*\.ts$/).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/\['([A-Z][a-z]+)', '(?:groep|\d )/g)].map((m) => m[1]!),
  );
  const people = demo.filter((s) => /^[A-ZÖ][a-zöü]+ (?:(?:de|van|van der|van de|El|el) )?[A-Z][a-zöü]+$/.test(s));
  const freeText = demo.filter((s) => s.length >= 30 && s.includes(' '));
  const typed = sources('tests/e2e', /\.ts$/).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/fill\('((?:[^'\\\n]|\\.)*)'\)/g)]
      .map((m) => m[1]!)
      .filter((s) => s.length >= 10 && s.includes(' ')),
  );
  return [...new Set([...initials, ...firstNames, ...people, ...freeText, ...typed])];
}

test('the service log has a request id on every request and no personal data', () => {
  const dir = process.env.E2E_LOG_DIR;
  expect(dir, 'E2E_LOG_DIR (set by playwright.config.ts)').toBeTruthy();
  const files = readdirSync(dir!).filter((f) => f.endsWith('.log'));
  expect(files).toContain('webserver.log');
  const lines = files.flatMap((f) =>
    readFileSync(join(dir!, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ file: f, line: l })),
  );
  const requests = lines.map(({ line }) => JSON.parse(line) as { reqId?: string; req?: { path: string } }).filter((l) => l.req);
  // The log saw the browser tests' traffic: log-ins and both directions of sync.
  for (const path of ['/api/auth/login', '/api/sync/push', '/api/sync/pull']) {
    expect(
      requests.some((r) => r.req?.path === path),
      path,
    ).toBe(true);
  }
  // One assertion over all requests (tens of thousands): an expect per request cost about a minute.
  const withoutId = requests.filter((r) => !/^[0-9a-f-]{36}$/.test(r.reqId ?? '')).map((r) => r.req?.path);
  expect(withoutId, 'requests without a request id').toEqual([]);

  const searched = personalData();
  expect(searched.length).toBeGreaterThan(30);
  const found = lines.flatMap(({ file, line }) =>
    searched.filter((s) => line.includes(s)).map((s) => `${file}: "${s}" in ${line.slice(0, 200)}`),
  );
  expect(found).toEqual([]);
});
