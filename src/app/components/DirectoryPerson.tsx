import { IonIcon } from '@ionic/react';
import { callOutline, mailOutline } from 'ionicons/icons';
import { Link } from 'react-router-dom';
import { presentOn, telHref, type ContactPerson } from '../../domain';
import { db } from '../db/db';
import { formatSlot, presenceBadge, sortedSlots } from '../db/directory';
import { updateRecord } from '../db/records';
import { formatDay, nowTime } from '../i18n/format';
import { currentUserId } from '../auth/session';
import { contactPersonRoleLabels } from '../i18n/nl';

/**
 * One tap to call: a big link named "Bel <naam>, <nummer>" (the visible number is part of the name,
 * WCAG 2.5.3), the number visible.
 */
export function DirectoryCall({ person }: { person: Pick<ContactPerson, 'name' | 'phone'> }) {
  if (!person.phone) return null;
  return (
    <a className="directory-call" href={telHref(person.phone)} aria-label={`Bel ${person.name}, ${person.phone}`}>
      <IonIcon icon={callOutline} aria-hidden="true" />
      <span>{person.phone}</span>
    </a>
  );
}

/**
 * A contact person as a card: name, role, organisation, presence, notes, call and mail. `due`: the
 * coordinator has not checked the entry for 6 months; "Klopt nog" records today's check.
 */
export function DirectoryPerson({
  person,
  today,
  canEdit,
  showRole = false,
  due = false,
  todayIso = '',
}: {
  person: ContactPerson;
  today: number;
  canEdit: boolean;
  showRole?: boolean;
  due?: boolean;
  todayIso?: string;
}) {
  const todaySlots = presentOn(person, today);
  const lastCheck = person.checkedOn ?? person.updatedAt.slice(0, 10);
  return (
    <li className="directory-person">
      <div className="directory-person-head">
        <h4 className="directory-name">{person.name}</h4>
        {todaySlots.length > 0 && <span className="badge badge-present">{presenceBadge(todaySlots, nowTime())}</span>}
      </div>
      <p className="directory-org">
        {showRole && (
          <>
            {contactPersonRoleLabels[person.role]}
            {person.organisation ? ' · ' : ''}
          </>
        )}
        {person.organisation}
      </p>
      {person.presence.length > 0 && (
        <p className="directory-presence">
          <span className="visually-hidden">Op school: </span>
          {sortedSlots(person.presence).map(formatSlot).join(', ')}
        </p>
      )}
      {person.notes && <p className="directory-notes">{person.notes}</p>}
      {due && (
        <p className="directory-due-line">
          <span className="badge badge-local">Controleren</span> Laatst gecontroleerd op {formatDay(lastCheck)}
        </p>
      )}
      <div className="directory-actions">
        <DirectoryCall person={person} />
        {person.email && (
          <a className="directory-mail" href={`mailto:${person.email}`} aria-label={`Mail ${person.name}, ${person.email}`}>
            <IonIcon icon={mailOutline} aria-hidden="true" />
            <span>{person.email}</span>
          </a>
        )}
        {canEdit && (
          <Link className="secondary-button" to={`/contactpersonen/${person.id}`}>
            Wijzigen<span className="visually-hidden"> {person.name}</span>
          </Link>
        )}
        {due && (
          <button
            type="button"
            className="secondary-button"
            onClick={() => void updateRecord(db, 'contactPerson', person.id, { checkedOn: todayIso }, { userId: currentUserId() })}
          >
            Klopt nog<span className="visually-hidden"> ({person.name})</span>
          </button>
        )}
      </div>
    </li>
  );
}
