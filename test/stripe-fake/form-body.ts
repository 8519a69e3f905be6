/** A decoded Stripe-style form body: `a[b][0][c]=v` becomes `{ a: { b: { 0: { c: 'v' } } } }`. */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Decodes an `application/x-www-form-urlencoded` body the way Stripe's API reads it. */
export function parseFormBody(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object') {
        node = next;
      } else {
        const created: FormObject = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return root;
}

export function field(object: FormObject | undefined, ...path: string[]): string | undefined {
  let node: FormValue | undefined = object;
  for (const segment of path) {
    if (typeof node !== 'object') return undefined;
    node = node[segment];
  }
  return typeof node === 'string' ? node : undefined;
}

export function record(object: FormObject | undefined, key: string): Record<string, string> {
  const value = object?.[key];
  const out: Record<string, string> = {};
  if (typeof value === 'object') {
    for (const [name, entry] of Object.entries(value))
      if (typeof entry === 'string') out[name] = entry;
  }
  return out;
}
