import { useEffect, useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { FileItem } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/ui';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { isWithin, joinPath, parentOf } from './paths';

/** Folders listed at most while looking for places to move to, so a huge tree stays quick. */
const MOST_FOLDERS = 300;

interface ItemDialogProps {
  householdId: string;
  item: FileItem;
  onDone(message: string): void;
  onClose(): void;
}

export function RenameDialog({ householdId, item, onDone, onClose }: ItemDialogProps) {
  const { t } = useI18n();
  const [name, setName] = useState(item.name);
  const action = useAction();

  const submit = () =>
    void action.run(async () => {
      const trimmed = name.trim();
      // A "/" would make the new name a path elsewhere: refused here, in the API's words.
      if (trimmed.includes('/')) throw new ApiError(400, 'INVALID_NAME', null);
      if (trimmed === item.name) return onClose();
      const moved = await api.moveFile(
        householdId,
        item.path,
        joinPath(parentOf(item.path), trimmed),
      );
      onDone(t('files.renamed', { from: item.name, to: moved.name }));
    });

  return (
    <Dialog
      title={t('files.renameTitle', { name: item.name })}
      submitLabel={t('files.rename')}
      busy={action.busy}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field
        label={t('files.newName')}
        name="newName"
        required
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
    </Dialog>
  );
}

/** Every folder of the household, breadth first, up to MOST_FOLDERS. */
async function allFolders(householdId: string): Promise<string[]> {
  const found = ['/'];
  for (let next = 0; next < found.length && found.length < MOST_FOLDERS; next++) {
    const page = await api.listFolder(householdId, found[next]);
    for (const entry of page.items) if (entry.kind === 'folder') found.push(entry.path);
  }
  return found.slice(0, MOST_FOLDERS);
}

export function MoveDialog({ householdId, item, onDone, onClose }: ItemDialogProps) {
  const { t } = useI18n();
  const selectId = useId();
  const [folders, setFolders] = useState<string[] | null>(null);
  const [target, setTarget] = useState('');
  const action = useAction();
  const { run } = action;

  useEffect(() => {
    void run(async () => {
      const here = parentOf(item.path);
      // Not where it already is, and a folder never into itself.
      const choices = (await allFolders(householdId)).filter(
        (folder) => folder !== here && !(item.kind === 'folder' && isWithin(folder, item.path)),
      );
      setFolders(choices);
      setTarget(choices[0] ?? '');
    });
  }, [householdId, item, run]);

  const submit = () =>
    void action.run(async () => {
      if (!target) return;
      await api.moveFile(householdId, item.path, joinPath(target, item.name));
      onDone(
        t('files.moved', { name: item.name, folder: target === '/' ? t('files.root') : target }),
      );
    });

  return (
    <Dialog
      title={t('files.moveTitle', { name: item.name })}
      submitLabel={t('files.move')}
      busy={action.busy || folders === null || folders.length === 0}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      {folders !== null && folders.length === 0 ? (
        <p className="muted">{t('files.noOtherFolder')}</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>{t('files.moveTo')}</label>
          <select
            id={selectId}
            value={target}
            disabled={folders === null}
            onChange={(event) => setTarget(event.target.value)}
          >
            {(folders ?? []).map((folder) => (
              <option key={folder} value={folder}>
                {folder === '/' ? t('files.root') : folder}
              </option>
            ))}
          </select>
        </div>
      )}
    </Dialog>
  );
}
