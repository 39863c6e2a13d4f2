import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { EntityName } from '../../domain';
import { db, tableOf } from '../db/db';
import { updateRecord, ValidationError } from '../db/records';
import { formatAgo } from '../i18n/format';
import { displayValue, fieldLabels } from '../i18n/nl';
import { currentUserId } from '../auth/session';

/**
 * "Conflicten": values that lost a same-field conflict on the server (I7). The user keeps the
 * current value or takes the other one; either way a mutation tells the server it is resolved.
 */
export function ConflictList({ entity, recordId }: { entity: EntityName; recordId: string }) {
  const data = useLiveQuery(async () => {
    const conflicts = await db.conflicts.where('recordId').equals(recordId).toArray();
    const record = conflicts.length ? ((await db[tableOf[entity]].get(recordId)) as Record<string, unknown> | undefined) : undefined;
    return { conflicts, record };
  }, [entity, recordId]);
  const [error, setError] = useState<string | null>(null);
  if (!data || data.conflicts.length === 0) return null;

  async function resolve(id: string, field: string, value: unknown | undefined) {
    setError(null);
    try {
      await updateRecord(db, entity, recordId, value === undefined ? {} : { [field]: value }, {
        userId: currentUserId(),
        resolveConflicts: [id],
      });
    } catch (e) {
      setError(e instanceof ValidationError ? Object.values(e.fields).join(' ') : String(e));
    }
  }

  return (
    <section className="conflicts" aria-labelledby={`conflicts-${recordId}`}>
      <h2 id={`conflicts-${recordId}`}>Conflicten</h2>
      <p>Dit is op twee plekken tegelijk gewijzigd. Er is niets verloren: kies per veld welke waarde blijft.</p>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ul>
        {data.conflicts.map((c) => (
          <li key={c.id}>
            <p className="conflict-field">{fieldLabels[c.field] ?? c.field}</p>
            <p>
              Nu: <strong>{displayValue(c.field, data.record?.[c.field])}</strong>
            </p>
            <p>
              Andere waarde: <strong>{displayValue(c.field, c.value)}</strong> <span className="muted">({formatAgo(c.at)})</span>
            </p>
            <div className="conflict-actions">
              <button type="button" className="secondary-button" onClick={() => void resolve(c.id, c.field, undefined)}>
                Huidige houden
              </button>
              <button type="button" className="secondary-button" onClick={() => void resolve(c.id, c.field, c.value)}>
                Andere waarde kiezen
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
