import { useMemo, useState } from 'react';
import type { Settings } from '../../../../../src/contract/org.ts';
import { SettingsForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';

interface SlaForm {
  focalPointHours: string;
  headHours: string;
  /** Percent of the time allowed, as typed. */
  warnPercent: string;
}

/** "8", "7,5": a comma is the Vietnamese decimal mark. */
const num = (s: string) => Number(s.replace(',', '.'));

function validateSla(f: SlaForm): Partial<Record<keyof SlaForm, AdminMessage>> {
  const e: Partial<Record<keyof SlaForm, AdminMessage>> = {};
  const hours = (s: string) => num(s) > 0 && num(s) <= 10_000;
  if (!hours(f.focalPointHours)) e.focalPointHours = { key: 'admin.sla.err.hours' };
  if (!hours(f.headHours)) e.headHours = { key: 'admin.sla.err.hours' };
  if (!(num(f.warnPercent) >= 0 && num(f.warnPercent) <= 99))
    e.warnPercent = { key: 'admin.sla.err.warn' };
  return e;
}

/** Deadline durations (R-SLA-1/2): 8 and 48 working hours in the seeds, configurable. */
export function SlaSettings({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const [saved, setSaved] = useState<string | null>(null);
  const resolver = useMemo(() => messageResolver(validateSla, msg), [msg]);
  const form = useResourceForm<SlaForm>({
    defaultValues: {
      focalPointHours: String(settings.sla.focalPointHours),
      headHours: String(settings.sla.headHours),
      warnPercent: String(Math.round(settings.sla.warnRatio * 100)),
    },
    resolver,
  });
  async function save(f: SlaForm) {
    setSaved(null);
    const r = await write.run(() =>
      adminApi.updateSettings({
        sla: {
          focalPointHours: num(f.focalPointHours),
          headHours: num(f.headHours),
          warnRatio: num(f.warnPercent) / 100,
        },
      }),
    );
    if (r) {
      setSaved(t('admin.sla.saved'));
      onSaved();
    }
  }
  return (
    <SettingsForm
      form={form}
      id="sla-title"
      title={t('admin.sla.title')}
      hint={t('admin.sla.hint')}
      labels={{
        focalPointHours: t('admin.sla.focalPoint'),
        headHours: t('admin.sla.head'),
        warnPercent: t('admin.sla.warn'),
      }}
      className="sla-form"
      write={write}
      saved={saved}
      saveLabel={t('admin.save')}
      onSave={save}
    >
      <div className="sla-fields">
        <TextInput<SlaForm> source="focalPointHours" inputMode="decimal" />
        <TextInput<SlaForm> source="headHours" inputMode="decimal" />
        <TextInput<SlaForm>
          source="warnPercent"
          inputMode="numeric"
          hint={t('admin.sla.warnHint')}
        />
      </div>
    </SettingsForm>
  );
}
