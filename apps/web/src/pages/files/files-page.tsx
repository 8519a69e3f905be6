import { useCallback, useEffect, useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { FileItem, FileList, FilesUsage } from '../../api/types';
import { ErrorAlert } from '../../components/forms';
import { Alert, Field, PageHeading, Spinner } from '../../components/ui';
import { useAction } from '../../components/use-action';
import { useI18n } from '../../i18n/i18n';
import { useHousehold } from '../household-layout';
import { Breadcrumbs } from './breadcrumbs';
import { FileTable, type ItemAction } from './file-table';
import { MoveDialog, RenameDialog } from './item-dialogs';
import { folderFromQuery, joinPath } from './paths';
import { UploadList, useUploads } from './uploads';
import { UsageBar } from './usage-bar';

/** The household's files: a folder at a time (`?path=`), with uploads, actions and the quota. */
export function FilesPage() {
  const { t, errorText } = useI18n();
  const { household, readOnly } = useHousehold();
  const [params] = useSearchParams();
  const folder = folderFromQuery(params.get('path'));
  const [listing, setListing] = useState<FileList | null>(null);
  const [usage, setUsage] = useState<FilesUsage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<{ action: 'rename' | 'move'; item: FileItem } | null>(null);
  const action = useAction();
  const hrefOf = (path: string) => (path === '/' ? '.' : `?${new URLSearchParams({ path })}`);

  const load = useCallback(async () => {
    try {
      const [nextListing, nextUsage] = await Promise.all([
        api.listFolder(household.id, folder),
        api.filesUsage(household.id),
      ]);
      setListing(nextListing);
      setUsage(nextUsage);
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(error));
    }
  }, [household.id, folder, errorText]);

  useEffect(() => {
    setListing(null);
    setNotice(null);
    void load();
  }, [load]);

  const { uploads, start } = useUploads(household.id, () => void load());

  const onAction = (kind: ItemAction, item: FileItem) => {
    setNotice(null);
    action.setError(null);
    if (kind !== 'trash') return setOpen({ action: kind, item });
    void action.run(async () => {
      await api.trashFile(household.id, item.path);
      await load();
      setNotice(t('files.trashed', { name: item.name }));
    });
  };

  const finish = (message: string) => {
    setOpen(null);
    setNotice(message);
    void load();
  };

  return (
    <>
      <PageHeading title={`${t('files.title')} · ${household.name}`}>
        {t('files.title')}
      </PageHeading>
      <UsageBar usage={usage} />
      <Breadcrumbs path={folder} hrefOf={hrefOf} />
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ErrorAlert error={action.error} />
      <ErrorAlert error={loadError} />

      <div className="files-tools">
        {readOnly ? null : (
          <NewFolderForm householdId={household.id} folder={folder} onCreated={finish} />
        )}
        <Link to="trash" className="button">
          {t('files.trash.open')}
        </Link>
      </div>
      {readOnly ? null : <DropZone onFiles={(files) => start(folder, files)} />}
      <UploadList uploads={uploads} />

      {listing === null ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : listing.items.length === 0 ? (
        <p className="muted card">{t('files.empty')}</p>
      ) : (
        <FileTable
          householdId={household.id}
          items={listing.items}
          busy={action.busy}
          hrefOf={hrefOf}
          onAction={readOnly ? undefined : onAction}
        />
      )}

      {open?.action === 'rename' ? (
        <RenameDialog
          householdId={household.id}
          item={open.item}
          onDone={finish}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.action === 'move' ? (
        <MoveDialog
          householdId={household.id}
          item={open.item}
          onDone={finish}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}

function NewFolderForm({
  householdId,
  folder,
  onCreated,
}: {
  householdId: string;
  folder: string;
  onCreated(message: string): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const ok = await action.run(() => api.createFolder(householdId, joinPath(folder, trimmed)));
    if (ok) {
      setName('');
      onCreated(t('files.folderCreated', { name: trimmed }));
    }
  };
  return (
    <form onSubmit={submit} className="inline-form new-folder" noValidate>
      <Field
        label={t('files.newFolder')}
        name="folderName"
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" disabled={action.busy || !name.trim()}>
        {t('files.createFolder')}
      </button>
      <div className="form-error">
        <ErrorAlert error={action.error} />
      </div>
    </form>
  );
}

/** The files of a drop; a dropped folder is left out (its contents are not read). */
function droppedFiles(transfer: DataTransfer): File[] {
  const files: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file' || item.webkitGetAsEntry()?.isDirectory) continue;
    const file = item.getAsFile();
    if (file) files.push(file);
  }
  return files;
}

/**
 * Files dropped here, or chosen with the picker inside (the way for keyboards and phones), are
 * uploaded into the folder shown.
 */
function DropZone({ onFiles }: { onFiles(files: File[]): void }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const accept = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      data-testid="drop-zone"
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        onFiles(droppedFiles(event.dataTransfer));
      }}
    >
      <p>{t('files.drop')}</p>
      <label className="button primary file-picker">
        {t('files.upload.choose')}
        <input
          type="file"
          multiple
          className="visually-hidden"
          onChange={(event) => {
            onFiles(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
      </label>
    </div>
  );
}
