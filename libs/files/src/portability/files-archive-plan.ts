import type { FileNodeRow } from '../repositories/file-node-row';

/** Where the live tree and the trash go in the archive. */
export const FILES_ROOT = 'files';
export const TRASH_ROOT = 'trash';

/** One node as the archive carries it. */
export interface PlannedNode {
  node: FileNodeRow;
  /** Archive path, without a trailing slash for folders (`files/Documents/a.txt`). */
  entry: string;
  /** Its path in Foyer: where it is, or (in the trash) where it was deleted from. */
  path: string;
  trashed: boolean;
}

/**
 * ZIP tools take a backslash for a folder separator (yazl rewrites it to `/`), so a name holding
 * one is written with U+FF3C FULLWIDTH REVERSE SOLIDUS instead; files.jsonl keeps the real name.
 */
export function archiveName(name: string): string {
  return name.replace(/\\/g, '\uff3c');
}

/** `name (2).ext`, keeping the extension. */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && dot < name.length - 1;
  const stem = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot) : '';
  return `${stem} (${n})${extension}`;
}

function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/**
 * Hands out archive paths so that no two entries collide, and no entry sits below a file: the
 * live tree cannot collide with itself (sibling names are unique) except through the backslash
 * substitution, but the trash can hold several items deleted from the same path, or a file and a
 * folder of one name. The later one is numbered (`a (2).txt`). Case is not folded: ZIP is case
 * sensitive, and so are the names.
 */
class ArchivePaths {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  place(parent: string, name: string, kind: 'file' | 'folder'): string {
    const safe = archiveName(name);
    for (let n = 1; ; n++) {
      const candidate = `${parent}/${n === 1 ? safe : numbered(safe, n)}`;
      if (this.taken(candidate)) continue;
      (kind === 'file' ? this.files : this.folders).add(candidate);
      for (const ancestor of ancestorsOf(candidate)) this.folders.add(ancestor);
      return candidate;
    }
  }

  /** A parent folder path under which nothing is a file (else the trash root). */
  usableParent(parent: string, fallback: string): string {
    return [parent, ...ancestorsOf(parent)].some((path) => this.files.has(path))
      ? fallback
      : parent;
  }

  private taken(path: string): boolean {
    return (
      this.files.has(path) ||
      this.folders.has(path) ||
      ancestorsOf(path).some((ancestor) => this.files.has(ancestor))
    );
  }
}

function byName(a: FileNodeRow, b: FileNodeRow): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * The archive's view of a household's file tree, from every row read at once: the live tree
 * under `files/` (parents before children, folders first, names in code point order), then each
 * trashed item under `trash/<the path it was deleted from>`, oldest deletion first. With
 * `authorId` (an export of what is one member's), only the nodes that member created; the path
 * to them is kept.
 */
export function planFilesArchive(rows: readonly FileNodeRow[], authorId?: string): PlannedNode[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const children = new Map<string, FileNodeRow[]>();
  for (const row of rows) {
    const key = row.parentId ?? '';
    const list = children.get(key);
    if (list) list.push(row);
    else children.set(key, [row]);
  }
  for (const list of children.values()) list.sort(byName);
  const included = (node: FileNodeRow): boolean =>
    authorId === undefined || node.createdBy === authorId;

  const paths = new ArchivePaths();
  const plan: PlannedNode[] = [];

  const walk = (node: FileNodeRow, parentEntry: string, parentPath: string, trashed: boolean) => {
    const entry = paths.place(parentEntry, node.name, node.kind);
    const path = `${parentPath}/${node.name}`;
    if (included(node)) plan.push({ node, entry, path, trashed });
    if (node.kind !== 'folder') return;
    // A trashed node below is its own item of the trash, written there.
    for (const child of children.get(node.id) ?? []) {
      if (!child.trashedAt) walk(child, entry, path, trashed);
    }
  };

  for (const top of children.get('') ?? []) {
    if (!top.trashedAt) walk(top, FILES_ROOT, '', false);
  }

  const tops = rows
    .filter((row) => row.trashedAt)
    .sort(
      (a, b) =>
        (a.trashedAt as Date).getTime() - (b.trashedAt as Date).getTime() || (a.id < b.id ? -1 : 1),
    );
  for (const top of tops) {
    const names: string[] = [];
    for (let parent = top.parentId; parent;) {
      const folder = byId.get(parent);
      if (!folder) break;
      names.unshift(folder.name);
      parent = folder.parentId;
    }
    const wanted = [TRASH_ROOT, ...names.map(archiveName)].join('/');
    walk(top, paths.usableParent(wanted, TRASH_ROOT), names.map((n) => `/${n}`).join(''), true);
  }
  return plan;
}
