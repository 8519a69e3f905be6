import { VCARD_CONTENT_TYPE } from '../model/pim-object-kind';
import { collectionsController } from './collections.controller';

/** `/api/v1/households/:hid/addressbooks`: the address books you see, as .vcf in and out. */
export const AddressBooksController = collectionsController({
  kind: 'addressbook',
  path: 'addressbooks',
  className: 'AddressBooksController',
  tag: 'contacts',
  singular: 'address book',
  plural: 'address books',
  article: 'an',
  objects: 'contacts',
  extension: '.vcf',
  extensionArticle: 'a',
  mediaType: 'text/vcard',
  contentType: VCARD_CONTENT_TYPE,
  exportSummary: 'The address book as one .vcf file (each card as stored)',
  importDescription:
    'Each card is stored or skipped on its own (not all-or-nothing): invalid cards, a UID ' +
    'repeated in the file and cards over 1 MiB are skipped with their index and reason. A ' +
    'UID already in the address book is updated in place; importing the same file again ' +
    'changes nothing.',
  importInvalid: 'INVALID_VCARD (no card at all in the file)',
});
