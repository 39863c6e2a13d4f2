import * as z from 'zod/mini';
import { recordBaseShape } from './record';
import { nameText } from './text';
import { birthYearProblem } from './rules';

/** A pupil is recorded minimally: initials or roepnaam, group, birth year. Never a BSN. */
export const pupilFields = {
  initials: nameText({ max: 30, empty: 'Vul initialen of een roepnaam in' }),
  group: z.string({ error: 'Vul een groep of klas in' }).check(
    z.trim(),
    z.minLength(1, 'Vul een groep of klas in'),
    z.maxLength(20, 'Maximaal 20 tekens'),
  ),
  birthYear: z.int({ error: 'Vul een geboortejaar in (bijvoorbeeld 2015)' }).check(
    z.superRefine((year, ctx) => {
      const problem = birthYearProblem(year);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: year });
    }),
  ),
};

export const pupilSchema = z.object({ ...recordBaseShape, ...pupilFields });
export type Pupil = z.infer<typeof pupilSchema>;
export const pupilInputSchema = z.object(pupilFields);
export type PupilInput = z.infer<typeof pupilInputSchema>;
