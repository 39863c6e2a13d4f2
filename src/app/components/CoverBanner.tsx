// Shown on every screen of a pupil the user reaches through break-the-glass (docs/rights.md): a pupil
// of a school that is not one of theirs. Known offline: the session holds the user's schools.
import { Link } from 'react-router-dom';
import { coversAt } from '../../domain/permissions';
import { currentSession } from '../auth/session';

export function isCovering(schoolId: string | undefined): boolean {
  const user = currentSession()?.user;
  return !!user && !!schoolId && coversAt({ role: user.role, schoolIds: user.schools.map((s) => s.id) }, schoolId);
}

export function CoverBanner({ schoolId }: { schoolId: string | undefined }) {
  if (!isCovering(schoolId)) return null;
  return (
    <div className="cover-banner" role="note" aria-label="Tijdelijke toegang">
      <strong>Tijdelijke toegang.</strong> Je vervangt een collega; deze leerling is niet van jouw scholen. Alles wat je hier doet, staat
      gemarkeerd in het logboek. <Link to="/toegang">Tot wanneer?</Link>
    </div>
  );
}
