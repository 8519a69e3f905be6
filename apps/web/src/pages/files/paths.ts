/** Paths as the files API writes them: "/" is the root, "/Documents/a.txt" a file in a folder. */

export function joinPath(folder: string, name: string): string {
  return folder === '/' ? `/${name}` : `${folder}/${name}`;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Each folder from the root down to `path`, for the breadcrumbs. */
export function ancestry(path: string): { name: string; path: string }[] {
  const names = path.split('/').filter(Boolean);
  return names.map((name, index) => ({ name, path: `/${names.slice(0, index + 1).join('/')}` }));
}

/** True when `path` is `folder` or lies inside it. */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** The folder a page's `?path=` names; anything that is not absolute means the root. */
export function folderFromQuery(raw: string | null): string {
  if (!raw || !raw.startsWith('/')) return '/';
  return raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
}
