/**
 * What a purge does, in the words of both the API's answer and the owners' mail: the key goes
 * first (crypto-shredding, decision 0016), so that copies of the objects become unreadable too.
 */
export function purgeNotice(purgeAfter: Date): string {
  return (
    `On ${purgeAfter.toUTCString()}, the household's encryption key is destroyed, then its files, ` +
    'contacts, calendars and history are deleted for good, with no way back. Without the key, no ' +
    'copy of its data, not even in backups of the storage, can be read again.'
  );
}
