import type { ExportScope } from '@foyer/portability';

export interface ReadmeFacts {
  householdName: string;
  createdAt: Date;
  scope: ExportScope;
  generator: string;
  sectionIds: readonly string[];
  /** What the sections left out on purpose (the members' private calendars, ...). */
  omissions?: readonly string[];
}

/**
 * README.txt, the archive's first entry: what the archive is and how to use each part with
 * ordinary tools, for someone who has never heard of Foyer. Plain ASCII-friendly text.
 */
export function readmeText(facts: ReadmeFacts): string {
  const has = (id: string): boolean => facts.sectionIds.includes(id);
  const lines = [
    `Foyer export of "${facts.householdName}"`,
    `Written by ${facts.generator} on ${facts.createdAt.toISOString()} (UTC).`,
    facts.scope.kind === 'household'
      ? 'It holds the whole household.'
      : 'It holds what one member may take with them: the files they created, their own ' +
        '(personal) address books and calendars, and their own membership.',
    '',
    'This is an ordinary ZIP file (ZIP64 when large). Everything in it can be used without',
    'Foyer. The format ("foyer-export", version 1) is described in full in Foyer\'s',
    'docs/export-format.md.',
    '',
    'What is inside',
    '--------------',
  ];
  if (has('household')) {
    lines.push(
      'household.json   The household: name, address (slug), settings and plan. JSON, any text',
      '                 editor or `python3 -m json.tool household.json` reads it.',
      'members.json     The members: email, display name, role, when they joined. Never passwords',
      '                 or any other secret.',
    );
    if (facts.scope.kind === 'household') {
      lines.push(
        "audit.jsonl      The household's audit log, oldest first: one JSON object per line.",
      );
    }
  }
  if (has('contacts')) {
    lines.push(
      'contacts/*.vcf   One vCard file per address book: import it into any address book',
      '                 (phones, Thunderbird, Apple Contacts, Google Contacts, Outlook).',
    );
  }
  if (has('calendars')) {
    lines.push(
      'calendars/*.ics  One iCalendar file per calendar: import it into any calendar application.',
    );
  }
  if (facts.omissions && facts.omissions.length > 0) {
    lines.push('', 'Left out of this archive on purpose:');
    for (const note of facts.omissions) lines.push(`- ${note}.`);
    lines.push('');
  }
  if (has('files')) {
    lines.push(
      'files/           The file tree, with the real names and modification times. Unzip it.',
      'trash/           What was in the trash, under the path it was deleted from.',
      'files.jsonl      One line per file or folder: its path in Foyer, its entry in this',
      '                 archive, id, size, SHA-256, modification time, author and whether it',
      '                 was in the trash.',
    );
  }
  lines.push(
    'manifest.json    Written last: every entry with its size and SHA-256. An archive with a',
    '                 manifest is an archive that was written to its end.',
    '',
    'Checking it',
    '-----------',
    '  unzip -t archive.zip                 tests every entry',
    '  sha256sum files/path/to/file         compare with manifest.json',
    '  foyer verify archive.zip             checks every checksum (with Foyer installed)',
    '',
    'Notes',
    '-----',
    '- Names are kept exactly, so two names that differ only in upper and lower case are two',
    '  entries; unzipping onto a system that ignores case (Windows, macOS) keeps only one of',
    '  them. files.jsonl lists them all.',
    '- A backslash ("\\") in a name is written as "\uff3c" in the entry\'s path (ZIP tools treat',
    '  a backslash as a folder separator); files.jsonl gives the real name.',
    '- If something changed while the export ran and could not be captured as it was,',
    '  manifest.json lists it under "changedDuringExport".',
    '',
  );
  return lines.join('\n');
}
