import { useRef } from 'react';
import type { ChangeEvent } from 'react';
import type { ApiError } from '../../../api/client.ts';
import { Alert } from '../../../ui/feedback.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n } from '../i18n.ts';

/** The server's reasons for refusing a file, one per line it could not read. */
function importDetails(error: ApiError): string {
  const details = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
  return details
    .map((d) => d.message)
    .filter(Boolean)
    .join('; ');
}

/** Export the year's special days as .ics; import days off and make-up days from one. */
export function ICalendar({
  calendarId,
  year,
  onImported,
}: {
  calendarId: string;
  year: number;
  onImported: (n: number) => void;
}) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const input = useRef<HTMLInputElement>(null);
  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    const r = await write.run(() => adminApi.importICalendar(calendarId, text));
    if (input.current) input.current.value = '';
    if (r) onImported(r.imported);
  }
  return (
    <div className="ical">
      <a className="btn btn-small" href={adminApi.icalUrl(calendarId, year)} download>
        {t('admin.cal.export', { year })}
      </a>
      <label className="btn btn-small file-label">
        {t('admin.cal.import')}
        <input
          ref={input}
          type="file"
          accept=".ics,text/calendar"
          className="sr-only"
          onChange={(e) => void onFile(e)}
        />
      </label>
      {write.busy ? <span className="hint">{t('common.working')}</span> : null}
      {write.error ? (
        <Alert kind="error">
          {t('admin.cal.importFailed')} {importDetails(write.error)}
        </Alert>
      ) : null}
    </div>
  );
}
