import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Family, FamilyMember, Pupil } from '../../domain';
import { db } from '../db/db';
import { createFamily, familiesOfPupil } from '../db/families';
import { formatDate } from '../i18n/format';
import { currentUserId } from '../auth/session';
import { familyText } from '../i18n/nl';
import { DirectoryCall } from './DirectoryPerson';
import './FamilySection.css';

/**
 * One child of a family as this user may see it: with initials, group and school when the pupil is
 * on this phone (the normal rules let her read it); otherwise only that a brother or sister exists,
 * at which school, and whom to call there. Never more: the family record holds nothing else.
 */
export function FamilyMemberLine({
  member,
  pupil,
  mySchool,
  familyId,
  sibling = true,
}: {
  member: FamilyMember;
  pupil: Pupil | undefined;
  mySchool: boolean;
  familyId: string;
  /** On a pupil's page the others are a brother or sister; on the family page they are the children. */
  sibling?: boolean;
}) {
  if (pupil) {
    return (
      <li className="record-item">
        <Link to={`/leerlingen/${pupil.id}`} className="record-link">
          <span className="record-title">
            {sibling && `${familyText.sibling}: `}
            {pupil.initials} · {pupil.group} · {member.schoolName}
          </span>
        </Link>
      </li>
    );
  }
  if (member.pupilId === null && mySchool) {
    return (
      <li className="record-item">
        <Link to={`/gezin/${familyId}`} className="record-link">
          <span className="record-title">{familyText.toLink(member.schoolName)}</span>
          <span className="record-extra">{familyText.toLinkHint}</span>
        </Link>
      </li>
    );
  }
  return (
    <li className="record-item family-elsewhere">
      <p className="record-title">{familyText.elsewhere(member.schoolName)}</p>
      <p>{member.contactName ? familyText.call(member.contactName) : familyText.callSchool(member.schoolName)}</p>
      {member.contactPhone && (
        <DirectoryCall person={{ name: member.contactName || familyText.callSchool(member.schoolName), phone: member.contactPhone }} />
      )}
    </li>
  );
}

/** The family members of `pupil` (not the pupil itself) and the plan's regie and review date. */
export function FamilySection({ pupil }: { pupil: Pick<Pupil, 'id' | 'schoolId'> }) {
  const families = useLiveQuery(() => familiesOfPupil(db, pupil.id), [pupil.id]);
  const family: Family | undefined = families?.[0];
  const siblings = family?.members.filter((m) => m.pupilId !== pupil.id) ?? [];
  const known = useLiveQuery(
    async () =>
      new Map(
        (await db.pupils.bulkGet(siblings.flatMap((m) => (m.pupilId ? [m.pupilId] : [])))).flatMap((p) =>
          p && !p.deleted ? [[p.id, p] as const] : [],
        ),
      ),
    [siblings.map((m) => m.pupilId).join()],
  );
  const mySchools = useLiveQuery(async () => new Set(await db.schools.toCollection().primaryKeys()), [], new Set<string>());
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    try {
      const made = await createFamily(db, pupil, [], currentUserId());
      navigate(`/gezin/${made.id}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="family-title" className="family-section">
      <h2 id="family-title">{familyText.title}</h2>
      {families === undefined || (family && known === undefined) ? (
        <p role="status">Laden…</p>
      ) : !family ? (
        <>
          <p className="empty">{familyText.none}</p>
          <button type="button" className="secondary-button" disabled={busy} onClick={() => void start()}>
            {familyText.start}
          </button>
        </>
      ) : (
        <>
          {siblings.length === 0 ? (
            <p className="empty">{familyText.noSiblings}</p>
          ) : (
            <ul className="record-list" aria-label={familyText.listLabel}>
              {siblings.map((m, i) => (
                <FamilyMemberLine
                  key={m.pupilId ?? `${m.schoolId}-${i}`}
                  member={m}
                  pupil={m.pupilId ? known?.get(m.pupilId) : undefined}
                  mySchool={mySchools.has(m.schoolId)}
                  familyId={family.id}
                />
              ))}
            </ul>
          )}
          <p>
            {family.regie ? familyText.regie(family.regie) : familyText.noRegie}
            {family.reviewDate && <> · {familyText.review(formatDate(family.reviewDate))}</>}
          </p>
          <Link to={`/gezin/${family.id}`} className="link-button">
            {familyText.open}
          </Link>
        </>
      )}
    </section>
  );
}
