import { IonBadge } from '@ionic/react';
import type { TimelineItem } from '../../db/queries';
import { RecordItem } from '../../components/RecordItem';
import { FollowedUpButton, TODAY_PATH } from '../../components/FollowedUpButton';
import { UndoNotice } from '../../components/UndoNotice';
import type { RecordSubject } from '../../components/useRecordSubjects';
import { formatDate } from '../../i18n/format';
import { TodaySection } from './TodaySection';

/** Records whose follow-up date is today or past, oldest first, a page at a time. */
export function FollowUpsSection({
  today,
  due,
  total,
  more,
  subjectOf,
  onShowMore,
}: {
  today: string;
  due: TimelineItem[] | undefined;
  /** Undefined until counted: the count waits for the other sections (useTodayReads). */
  total: number | undefined;
  more: boolean;
  subjectOf: (item: TimelineItem) => RecordSubject | undefined;
  onShowMore: () => void;
}) {
  const badge = !!total && (
    <IonBadge color="medium" className="today-count">
      {total}
      <span className="visually-hidden"> op te volgen</span>
    </IonBadge>
  );
  const empty =
    due?.length === 0 ? 'Niets op te volgen vandaag. Een opvolgdatum zet je bij een signaal, contactmoment of consultatie.' : null;
  return (
    <TodaySection
      id="due"
      title="Opvolgen"
      badge={badge}
      loading={due === undefined}
      empty={empty}
      notice={<UndoNotice path={TODAY_PATH} />}
    >
      {due && (
        <ul
          className="record-list"
          aria-label={total === undefined ? 'Op te volgen, oudste eerst' : `Op te volgen, oudste eerst: ${due.length} van ${total}`}
        >
          {due.map((item) => (
            <RecordItem
              key={item.record.id}
              item={item}
              subject={subjectOf(item)}
              extra={
                item.record.followUpDate! < today ? `Te laat: opvolgen op ${formatDate(item.record.followUpDate!)}` : 'Vandaag opvolgen'
              }
              actions={<FollowedUpButton item={item} today={today} />}
            />
          ))}
        </ul>
      )}
      {due && more && (
        <button type="button" className="secondary-button" onClick={onShowMore}>
          Toon meer<span className="visually-hidden"> op te volgen</span>
          {total !== undefined && total > due.length && ` (${total - due.length} over)`}
        </button>
      )}
    </TodaySection>
  );
}
