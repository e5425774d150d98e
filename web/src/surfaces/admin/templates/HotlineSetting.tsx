import { useMemo, useState } from 'react';
import type { Settings } from '../../../../../src/contract/org.ts';
import { SettingsForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';

/** As the server's settings schema accepts it: "1022", "0236 1022", "0236.3822.123". */
const HOTLINE = /^[0-9+][0-9 .]{1,18}[0-9]$/;

interface HotlineForm {
  hotline: string;
}

const validateHotline = (f: HotlineForm): Partial<Record<'hotline', AdminMessage>> =>
  HOTLINE.test(f.hotline.trim()) ? {} : { hotline: { key: 'admin.hotline.err' } };

/** The number `{hotline}` writes in messages (tenant settings). */
export function HotlineSetting({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const [saved, setSaved] = useState<string | null>(null);
  const resolver = useMemo(() => messageResolver(validateHotline, msg), [msg]);
  const form = useResourceForm<HotlineForm>({
    defaultValues: { hotline: settings.hotline },
    resolver,
  });
  async function save(f: HotlineForm) {
    setSaved(null);
    if (await write.run(() => adminApi.updateSettings({ hotline: f.hotline.trim() }))) {
      setSaved(t('admin.hotline.saved'));
      onSaved();
    }
  }
  return (
    <SettingsForm
      form={form}
      id="hotline-title"
      title={t('admin.hotline.title')}
      labels={{ hotline: t('admin.hotline.label') }}
      write={write}
      saved={saved}
      saveLabel={t('admin.save')}
      onSave={save}
    >
      <TextInput<HotlineForm> source="hotline" inputMode="tel" hint={t('admin.hotline.hint')} />
    </SettingsForm>
  );
}
