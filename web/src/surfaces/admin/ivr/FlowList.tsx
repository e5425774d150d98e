import { useLiveEvent, useResource } from '../../../api/hooks.tsx';
import { useListScreen, useWrite } from '../../../ui/resource/hooks.ts';
import { AddButton, ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { ConfirmButton } from '../../../ui/resource/parts.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n } from '../i18n.ts';
import { FlowEdit } from './FlowEdit.tsx';

/**
 * The IVR menus callers hear (R-TEL-2): flows per called number and the default one. Saving
 * renders every prompt on the server first (a prompt that cannot be rendered is not saved);
 * telephony nodes pick up the new version for the next call.
 */
export function FlowList() {
  const { t } = useAdminI18n();
  const flows = useResource(adminApi.ivrFlows, 'admin:ivr');
  useLiveEvent('ivr.updated', () => flows.reload());
  const screen = useListScreen<{ id: string | null }>();
  const del = useWrite();

  return (
    <ListScreen
      title={t('admin.ivr.title')}
      intro={t('admin.ivr.intro')}
      actions={<AddButton label={t('admin.ivr.add')} onClick={() => screen.open({ id: null })} />}
      saved={screen.saved}
      errors={[del.error]}
      editor={
        screen.editing ? (
          <FlowEdit
            key={screen.editing.id ?? 'new'}
            flowId={screen.editing.id}
            onCancel={screen.close}
            onSaved={(text, id) => {
              screen.setSaved(text);
              flows.reload();
              // A new flow is edited on as a saved one (recordings can be uploaded now).
              if (screen.editing?.id !== id) screen.open({ id }, true);
            }}
          />
        ) : null
      }
      data={flows.data}
      error={flows.error}
      onRetry={flows.reload}
      empty={t('admin.ivr.none')}
      isEmpty={(list) => list.length === 0}
    >
      {(list) => (
        <ul className="cards">
          {list.map((f) => (
            <li key={f.id}>
              <section className="card ivr-flow" aria-labelledby={`ivr-${f.id}`}>
                <div className="rule-head">
                  <h2 id={`ivr-${f.id}`}>{f.name}</h2>
                  {f.isDefault ? (
                    <span className="badge badge-soft">{t('admin.ivr.default')}</span>
                  ) : null}
                  <span className="code">{t('admin.ivr.version', { v: f.version })}</span>
                </div>
                <p>
                  {f.numbers.length
                    ? t('admin.ivr.numbersList', { numbers: f.numbers.join(', ') })
                    : t('admin.ivr.noNumbers')}
                </p>
                <p className="muted">
                  {t('admin.ivr.summary', {
                    n: f.nodeCount,
                    at: new Date(f.updatedAt).toLocaleString(),
                    by: f.updatedBy ?? '—',
                  })}
                </p>
                <div className="tree-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('admin.editNamed', { name: f.name })}
                    onClick={() => screen.open({ id: f.id })}
                  >
                    {t('admin.edit')}
                  </button>
                  <ConfirmButton
                    label={t('admin.ivr.delete')}
                    question={t('admin.ivr.deleteQ', { name: f.name })}
                    busy={del.busy}
                    onConfirm={() =>
                      void del
                        .run(() => adminApi.deleteIvrFlow(f.id))
                        .then((r) => {
                          if (r !== undefined) {
                            screen.setSaved(t('admin.ivr.deleted', { name: f.name }));
                            if (screen.editing?.id === f.id) screen.close();
                            flows.reload();
                          }
                        })
                    }
                  />
                </div>
              </section>
            </li>
          ))}
        </ul>
      )}
    </ListScreen>
  );
}
