import { Link } from 'react-router';
import { api } from '../../api/client';
import type { FileItem } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export type ItemAction = 'rename' | 'move' | 'trash';

interface FileTableProps {
  householdId: string;
  items: readonly FileItem[];
  busy: boolean;
  hrefOf(folder: string): string;
  /** None for a household that cannot be changed: the rows then only open and download. */
  onAction?(action: ItemAction, item: FileItem): void;
}

/** A folder's contents: folders open, files download; each row with its own actions. */
export function FileTable({ householdId, items, busy, hrefOf, onAction }: FileTableProps) {
  const { t, formatBytes, formatDate } = useI18n();
  return (
    <div className="table-wrap card">
      <table className="file-table">
        <caption className="visually-hidden">{t('files.contents')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('files.name')}</th>
            <th scope="col" className="hide-narrow">
              {t('files.size')}
            </th>
            <th scope="col" className="hide-narrow">
              {t('files.modified')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('members.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-kind={item.kind}>
              <th scope="row">
                <KindIcon kind={item.kind} />
                {item.kind === 'folder' ? (
                  <Link to={hrefOf(item.path)} className="file-name">
                    {item.name}
                  </Link>
                ) : (
                  <a
                    href={api.downloadUrl(householdId, item.path)}
                    download={item.name}
                    className="file-name"
                    aria-label={t('files.downloadNamed', { name: item.name })}
                  >
                    {item.name}
                  </a>
                )}
              </th>
              <td className="hide-narrow">
                {item.kind === 'folder' ? t('files.folder') : formatBytes(item.size)}
              </td>
              <td className="hide-narrow">{formatDate(item.modifiedAt)}</td>
              <td className="actions">
                <div className="row-actions">
                  {(onAction ? (['rename', 'move', 'trash'] as const) : []).map((action) => (
                    <button
                      key={action}
                      type="button"
                      className={action === 'trash' ? 'danger-link' : 'link-button'}
                      disabled={busy}
                      aria-label={t(`files.${action}Named`, { name: item.name })}
                      onClick={() => onAction?.(action, item)}
                    >
                      {t(`files.${action}`)}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A folder or a sheet of paper, drawn, so it looks the same without an emoji font. */
function KindIcon({ kind }: { kind: FileItem['kind'] }) {
  return (
    <svg className="file-icon" viewBox="0 0 20 16" width="20" height="16" aria-hidden="true">
      {kind === 'folder' ? (
        <path d="M1 3a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1z" />
      ) : (
        <path d="M5 1h7l4 4v10H5z M12 1v4h4" fill="none" strokeWidth="1.5" />
      )}
    </svg>
  );
}
