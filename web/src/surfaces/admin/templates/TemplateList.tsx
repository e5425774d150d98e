import { api } from '../../../api/client.ts';
import { invalidateCached, useResource } from '../../../api/hooks.tsx';
import type { MessageTemplate, TemplateKind } from '../../../../../src/contract/template.ts';
import { useListScreen } from '../../../ui/resource/hooks.ts';
import { ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { channelKey } from '../../ticket/TicketRows.tsx';
import { useAdminI18n } from '../i18n.ts';
import { HotlineSetting } from './HotlineSetting.tsx';
import { TemplateEdit, type TemplateEditorState } from './TemplateEdit.tsx';

/**
 * Reply templates operators insert into answers, and the acknowledgement each message
 * channel sends on receipt (R-CH-11), in Vietnamese and English, with placeholders.
 */
export function TemplateList() {
  const { t } = useAdminI18n();
  const list = useResource(() => api.templates(), 'admin:templates');
  const settings = useResource(api.settings, 'admin:settings');
  const screen = useListScreen<TemplateEditorState>();
  const section = (kind: TemplateKind, all: readonly MessageTemplate[]) => (
    <TemplateSection
      kind={kind}
      items={all.filter((x) => x.kind === kind)}
      taken={all.map((x) => x.code)}
      editing={screen.editing?.kind === kind ? screen.editing : null}
      onOpen={screen.open}
      onCancel={screen.close}
      onSaved={(text) => {
        screen.done(text);
        list.reload();
        invalidateCached('templates');
      }}
    />
  );
  return (
    <ListScreen
      title={t('admin.tpl.title')}
      intro={t('admin.tpl.intro')}
      saved={screen.saved}
      data={list.data}
      error={list.error}
      onRetry={list.reload}
    >
      {(all) => (
        <>
          {settings.data ? (
            <HotlineSetting settings={settings.data} onSaved={settings.reload} />
          ) : null}
          {section('acknowledgement', all)}
          {section('reply', all)}
        </>
      )}
    </ListScreen>
  );
}

/** The acknowledgements or the reply templates, with their editor when one is open. */
function TemplateSection({
  kind,
  items,
  taken,
  editing,
  onOpen,
  onCancel,
  onSaved,
}: {
  kind: TemplateKind;
  items: readonly MessageTemplate[];
  taken: readonly string[];
  editing: TemplateEditorState | null;
  onOpen: (s: TemplateEditorState) => void;
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useAdminI18n();
  const hid = `tpl-${kind}`;
  return (
    <section className="card" aria-labelledby={hid}>
      <div className="group-head">
        <h2 id={hid}>{t(kind === 'reply' ? 'admin.tpl.replies' : 'admin.tpl.acks')}</h2>
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => onOpen({ kind, template: null })}
        >
          {t(kind === 'reply' ? 'admin.tpl.addReply' : 'admin.tpl.addAck')}
        </button>
      </div>
      <p className="hint">{t(kind === 'reply' ? 'admin.tpl.repliesHint' : 'admin.tpl.acksHint')}</p>
      {editing ? (
        <TemplateEdit
          key={editing.template?.id ?? 'new'}
          state={editing}
          taken={taken}
          onCancel={onCancel}
          onSaved={onSaved}
        />
      ) : null}
      {items.length === 0 ? (
        <p className="muted">{t('admin.tpl.none')}</p>
      ) : (
        <ul className="cards">
          {items.map((x) => (
            <li key={x.id} className={`tpl${x.active ? '' : ' is-off'}`} data-template={x.code}>
              <div className="rule-head">
                <h3>{x.title}</h3>
                <span className="code">{x.code}</span>
                {kind === 'acknowledgement' ? (
                  <span className="badge badge-soft">
                    {x.channel ? t(`channel.${channelKey(x.channel)}`) : t('admin.tpl.allChannels')}
                  </span>
                ) : null}
                {x.active ? null : <span className="badge badge-off">{t('admin.tpl.off')}</span>}
              </div>
              <p className="prose">{x.bodyVi}</p>
              {x.bodyEn ? (
                <p className="prose muted" lang="en">
                  {x.bodyEn}
                </p>
              ) : null}
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('admin.editNamed', { name: x.title })}
                onClick={() => onOpen({ kind, template: x })}
              >
                {t('admin.edit')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
