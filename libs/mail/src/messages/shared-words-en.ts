/**
 * The words the web app and the mails share, in English (the reference: French has exactly these
 * keys). The web app's dictionaries spread these in, so a role, a status or a folder is called the
 * same in a mail as on the page it links to. Placeholders are `{name}`, as in the web app.
 */
export const sharedWordsEn = {
  'role.owner': 'Owner',
  'role.admin': 'Admin',
  'role.member': 'Member',
  'role.child': 'Child',

  'size.B': '{size} B',
  'size.KB': '{size} KB',
  'size.MB': '{size} MB',
  'size.GB': '{size} GB',
  'size.TB': '{size} TB',

  'household.moved': 'Moved',
  'folder.documents': 'Documents',
  'folder.photos': 'Photos',
  'folder.shared': 'Shared',
  'account.title': 'Your account',
  'signIn.forgot': 'Forgot your password?',

  'mail.hello': 'Hello {name},',
  'mail.helloAnyone': 'Hello,',
  'mail.signature': '— Foyer',

  'mail.verify.subject': 'Confirm your email address for Foyer',
  'mail.verify.body': 'Please confirm that this is your email address by opening this link:',
  'mail.verify.validity':
    'The link works once, for {hours} hours. If you did not create a Foyer account, you can ignore this message.',

  'mail.reset.subject': 'Reset your Foyer password',
  'mail.reset.body':
    'Someone asked to reset the password of your Foyer account. To choose a new password, open this link:',
  'mail.reset.validity':
    'The link works once, for {minutes} minutes. Setting a new password signs you out everywhere.',
  'mail.reset.ignore':
    'If you did not ask for this, ignore this message: your password stays as it is.',

  'mail.signupAttempt.subject': 'Someone tried to create a Foyer account with your address',
  'mail.signupAttempt.body':
    'Someone tried to create a Foyer account with your email address, which already has one. If it was you, sign in, or reset your password if you have forgotten it:',
  'mail.signupAttempt.ignore': 'If it was not you, there is nothing to do: no account was created.',

  'mail.movedIn.subject': '"{household}" has moved to a new Foyer: choose your password',
  'mail.movedIn.fromSource':
    '{mover} moved the household "{household}" from {source} to this Foyer, at {address}, with its files, contacts and calendars.',
  'mail.movedIn.fromArchive':
    '{mover} moved the household "{household}" to this Foyer, at {address}, from an export archive, with its files, contacts and calendars.',
  'mail.movedIn.account':
    'You are one of its members, so an account was made for you here with this email address ({email}). Your password did not move with it: choose one by opening this link:',
  'mail.movedIn.validity':
    'The link works once, for {days} days. After that, ask for a new one with "{forgot}" on the sign-in page.',
  'mail.movedIn.someone': 'Someone',

  'mail.emailChange.subject': 'Confirm your new email address for Foyer',
  'mail.emailChange.body':
    'You asked to use this address for your Foyer account instead of {old}. To confirm, open this link:',
  'mail.emailChange.validity':
    'The link works once, for {hours} hours. Until then, you keep signing in with {old}. If you did not ask for this, ignore this message.',

  'mail.invite.subject': '{inviter} invited you to the household "{household}" on Foyer',
  'mail.invite.someone': 'Someone',
  'mail.invite.body':
    '{inviter} invited you to join the household "{household}" on Foyer, as {role}.',
  'mail.invite.role.owner': 'an owner',
  'mail.invite.role.admin': 'an admin',
  'mail.invite.role.member': 'a member',
  'mail.invite.role.child': 'a child member',
  'mail.invite.accept': 'To accept, open this link:',
  'mail.invite.validity':
    'The link works once, until {date}. Without a Foyer account yet, it lets you create one with this email address ({email}).',
  'mail.invite.ignore': 'If you did not expect this invitation, you can ignore this message.',

  'mail.export.subject': 'Your export of "{household}" is ready',
  'mail.export.household': 'The archive of everything in the household "{household}" is ready.',
  'mail.export.member': 'The archive of what is yours in the household "{household}" is ready.',
  'mail.export.download': 'Download it (signed in to Foyer) here:',
  'mail.export.facts': 'Size: {size}. SHA-256: {sha256}.',
  'mail.export.until': 'It can be downloaded until {date}; it is deleted after that.',
  'mail.export.zip':
    'It is an ordinary ZIP file: README.txt inside explains how to use each part without Foyer.',

  'mail.paymentFailed.subject': 'Payment failed for {household}',
  'mail.paymentFailed.body':
    'The last payment for the Foyer household "{household}" failed. Everything keeps working until {date}; after that the household becomes read-only until the invoice is paid. Nothing is deleted, and you can export all your data at any time.',
  'mail.paymentFailed.update': 'Update the payment method from the household’s settings: {link}',
  'mail.trialEnds.subject': 'The trial of {household} ends soon',
  'mail.trialEnds.body':
    'The trial of the Foyer household "{household}" ends in a few days; the subscription then continues with the payment method on file. Manage it here: {link}',

  'mail.deletion.subject': 'The household "{household}" will be deleted',
  'mail.deletion.requested':
    '{requester} asked to delete the household "{household}". From now on it can be read and exported, not changed.',
  'mail.deletion.anOwner': 'An owner',
  'mail.deletion.purge':
    'On {date}, the household’s encryption key will be destroyed, then its files, contacts, calendars and history deleted for good, with no way back. Without the key, no copy of its data, not even in backups of the storage, can be read again.',
  'mail.deletion.cancel':
    'Until then, any owner can cancel the deletion, and anyone can still download an export:',
  'mail.deletion.why': 'You receive this message because you are an owner of this household.',
} as const;

export type SharedWordKey = keyof typeof sharedWordsEn;
