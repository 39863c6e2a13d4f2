import { IonContent, IonPage } from '@ionic/react';
import { SyncRefresher } from '../../components/SyncRefresher';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, schoolsPresentOn } from '../../../domain';
import { NoticeList } from '../../components/NoticeList';
import { PageHeader } from '../../components/PageHeader';
import { formatLongDate } from '../../i18n/format';
import { FamilyReviews } from './FamilyReviews';
import { MdoSection } from './MdoSection';
import { FollowUpsSection } from './FollowUpsSection';
import { MeldcodeSection } from './MeldcodeSection';
import { RequestsSection } from './RequestsSection';
import { SyncSection } from './SyncSection';
import { ThuiszittersSection } from './ThuiszittersSection';
import { VerzuimSection } from './VerzuimSection';
import { WachtlijstToday } from './WachtlijstSection';
import { useTodayReads } from './useTodayReads';

export default function TodayPage() {
  // The calendar day in Amsterdam, whatever zone the device is set to (calendar.ts).
  const now = new Date();
  const today = dateInAmsterdam(now);
  const r = useTodayReads(today);
  const schoolsToday = schoolsPresentOn(r.schools ?? [], today);

  return (
    <IonPage>
      <PageHeader title="Vandaag" />
      <IonContent className="ion-padding">
        <SyncRefresher />
        <p className="today-date">{formatLongDate(now)}</p>
        {r.schools !== undefined && (
          <p className="today-schools">
            {schoolsToday.length > 0
              ? `Vandaag op school: ${schoolsToday.map((s) => s.name).join(', ')}`
              : 'Vandaag sta je op geen school ingeroosterd.'}
          </p>
        )}
        <nav aria-label="Snel vastleggen" className="quick-actions">
          <Link className="quick-action" to="/signaal/nieuw">
            + Signaal
          </Link>
          <Link className="quick-action" to="/contactmoment/nieuw">
            + Contactmoment
          </Link>
          <Link className="quick-action" to="/consultatie/nieuw">
            + Consultatie
          </Link>
        </nav>

        <NoticeList kinds={['jpAgreement']} />
        <RequestsSection requests={r.requests} schools={r.schools} />
        <FollowUpsSection
          today={today}
          due={r.due}
          total={r.dueTotal}
          more={r.moreDue}
          subjectOf={r.subjectOf}
          onShowMore={r.showMoreDue}
        />
        <MeldcodeSection meldcodes={r.meldcodes} />
        <MdoSection today={today} />
        <FamilyReviews today={today} />
        <VerzuimSection />
        <WachtlijstToday today={today} />
        <ThuiszittersSection thuiszitters={r.thuiszitters} />
        <SyncSection conflicts={r.conflicts} waiting={r.waiting} />

        <p>
          <Link to="/registraties" className="link-button">
            Alle registraties bekijken en filteren
          </Link>
        </p>
      </IonContent>
    </IonPage>
  );
}
