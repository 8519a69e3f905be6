/** Who acts, and in which household (its id or slug, as in URLs). */
export interface PimActor {
  userId: string;
  hid: string;
}

/** A collection by id (REST) or by its kind and URL name (DAV). */
export type PimCollectionRef = { id: string } | { kind: 'addressbook' | 'calendar'; name: string };
