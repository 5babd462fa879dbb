import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n/t';
import type { WechatTag } from '@/utils/wechat/tags-api';
import { isOwnTagId } from '@/utils/wechat/tags-api';

/**
 * The tag to put on them: one of the account's own (WeChat's 0/1/2 are never offered), or a new one
 * created here; the chosen one can be renamed. The 100-tag cap is said before it is met.
 */
export function TagChooser({
  tags,
  tagId,
  onPick,
  create,
  rename,
}: {
  tags: WechatTag[];
  tagId: number | undefined;
  onPick: (tag: WechatTag) => void;
  create: (name: string) => Promise<WechatTag | undefined>;
  rename: (id: number, name: string) => Promise<boolean>;
}) {
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<string>();
  const own = tags.filter((tag) => isOwnTagId(tag.id));
  const full = own.length >= 100;
  const chosen = own.find((tag) => tag.id === tagId);

  async function createTag() {
    const made = await create(newName);
    if (made) {
      setNewName('');
      onPick(made);
    }
  }

  return (
    <fieldset class="tag-choice">
      <legend>{t('tagging_tag')}</legend>
      <select
        name="tagId"
        value={tagId === undefined ? '' : String(tagId)}
        aria-label={t('tagging_tag')}
        onChange={(e) => {
          const tag = own.find((one) => String(one.id) === e.currentTarget.value);
          if (tag) onPick(tag);
        }}
      >
        <option value="">{own.length ? t('tagging_tag_pick') : t('tagging_tag_none')}</option>
        {own.map((tag) => (
          <option key={tag.id} value={String(tag.id)}>
            {t('tagging_tag_option', [tag.name, tag.count.toLocaleString()])}
          </option>
        ))}
      </select>
      {chosen && renaming === undefined && (
        <button type="button" class="link" onClick={() => setRenaming(chosen.name)}>
          {t('tagging_tag_rename')}
        </button>
      )}
      {chosen && renaming !== undefined && (
        <span class="inline">
          <input name="tagRename" value={renaming} aria-label={t('tagging_tag_rename')} onInput={(e) => setRenaming(e.currentTarget.value)} />
          <button type="button" onClick={() => void rename(chosen.id, renaming).then((ok) => ok && setRenaming(undefined))}>
            {t('save')}
          </button>
        </span>
      )}
      <div class="inline">
        <input
          name="newTagName"
          value={newName}
          placeholder={t('tagging_tag_new')}
          aria-label={t('tagging_tag_new')}
          disabled={full}
          onInput={(e) => setNewName(e.currentTarget.value)}
        />
        <button type="button" name="createTag" disabled={full || newName.trim() === ''} onClick={() => void createTag()}>
          {t('tagging_tag_create')}
        </button>
      </div>
      <p class="hint">{full ? t('tagging_tag_full') : t('tagging_tag_hint', [String(own.length)])}</p>
    </fieldset>
  );
}
