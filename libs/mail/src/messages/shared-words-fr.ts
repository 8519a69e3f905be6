import type { SharedWordKey } from './shared-words-en';

/** French: the same keys as English, checked by the compiler. */
export const sharedWordsFr: Record<SharedWordKey, string> = {
  'role.owner': 'Propriétaire',
  'role.admin': 'Administrateur',
  'role.member': 'Membre',
  'role.child': 'Enfant',

  'size.B': '{size} o',
  'size.KB': '{size} Ko',
  'size.MB': '{size} Mo',
  'size.GB': '{size} Go',
  'size.TB': '{size} To',

  'household.moved': 'Déménagé',
  'folder.documents': 'Documents',
  'folder.photos': 'Photos',
  'folder.shared': 'Partagé',
  'account.title': 'Votre compte',
  'signIn.forgot': 'Mot de passe oublié ?',

  'mail.hello': 'Bonjour {name},',
  'mail.helloAnyone': 'Bonjour,',
  'mail.signature': '— Foyer',

  'mail.verify.subject': 'Confirmez votre adresse e-mail pour Foyer',
  'mail.verify.body': 'Confirmez que cette adresse e-mail est bien la vôtre en ouvrant ce lien :',
  'mail.verify.validity':
    'Le lien fonctionne une fois, pendant {hours} heures. Si vous n’avez pas créé de compte Foyer, vous pouvez ignorer ce message.',

  'mail.reset.subject': 'Réinitialisez votre mot de passe Foyer',
  'mail.reset.body':
    'Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Foyer. Pour choisir un nouveau mot de passe, ouvrez ce lien :',
  'mail.reset.validity':
    'Le lien fonctionne une fois, pendant {minutes} minutes. Choisir un nouveau mot de passe vous déconnecte partout.',
  'mail.reset.ignore':
    'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',

  'mail.signupAttempt.subject': 'Quelqu’un a essayé de créer un compte Foyer avec votre adresse',
  'mail.signupAttempt.body':
    'Quelqu’un a essayé de créer un compte Foyer avec votre adresse e-mail, qui en a déjà un. Si c’était vous, connectez-vous, ou réinitialisez votre mot de passe si vous l’avez oublié :',
  'mail.signupAttempt.ignore':
    'Si ce n’était pas vous, il n’y a rien à faire : aucun compte n’a été créé.',

  'mail.movedIn.subject':
    '« {household} » a déménagé sur un nouveau Foyer : choisissez votre mot de passe',
  'mail.movedIn.fromSource':
    '{mover} a déménagé le foyer « {household} » de {source} vers ce Foyer, à l’adresse {address}, avec ses fichiers, contacts et agendas.',
  'mail.movedIn.fromArchive':
    '{mover} a déménagé le foyer « {household} » vers ce Foyer, à l’adresse {address}, depuis une archive d’export, avec ses fichiers, contacts et agendas.',
  'mail.movedIn.account':
    'Vous en êtes membre : un compte a donc été créé pour vous ici avec cette adresse e-mail ({email}). Votre mot de passe n’a pas déménagé : choisissez-en un en ouvrant ce lien :',
  'mail.movedIn.validity':
    'Le lien fonctionne une fois, pendant {days} jours. Ensuite, demandez-en un nouveau avec « {forgot} » sur la page de connexion.',
  'mail.movedIn.someone': 'Quelqu’un',

  'mail.emailChange.subject': 'Confirmez votre nouvelle adresse e-mail pour Foyer',
  'mail.emailChange.body':
    'Vous avez demandé à utiliser cette adresse pour votre compte Foyer à la place de {old}. Pour confirmer, ouvrez ce lien :',
  'mail.emailChange.validity':
    'Le lien fonctionne une fois, pendant {hours} heures. D’ici là, vous continuez à vous connecter avec {old}. Si vous n’avez rien demandé, ignorez ce message.',

  'mail.invite.subject': '{inviter} vous invite à rejoindre le foyer « {household} » sur Foyer',
  'mail.invite.someone': 'Quelqu’un',
  'mail.invite.body':
    '{inviter} vous invite à rejoindre le foyer « {household} » sur Foyer, en tant que {role}.',
  'mail.invite.role.owner': 'propriétaire',
  'mail.invite.role.admin': 'administrateur',
  'mail.invite.role.member': 'membre',
  'mail.invite.role.child': 'enfant',
  'mail.invite.accept': 'Pour accepter, ouvrez ce lien :',
  'mail.invite.validity':
    'Le lien fonctionne une fois, jusqu’au {date}. Si vous n’avez pas encore de compte Foyer, il vous permet d’en créer un avec cette adresse e-mail ({email}).',
  'mail.invite.ignore': 'Si vous n’attendiez pas cette invitation, vous pouvez ignorer ce message.',

  'mail.export.subject': 'Votre export de « {household} » est prêt',
  'mail.export.household': 'L’archive de tout le contenu du foyer « {household} » est prête.',
  'mail.export.member':
    'L’archive de ce qui vous appartient dans le foyer « {household} » est prête.',
  'mail.export.download': 'Téléchargez-la ici (connecté à Foyer) :',
  'mail.export.facts': 'Taille : {size}. SHA-256 : {sha256}.',
  'mail.export.until': 'Elle peut être téléchargée jusqu’au {date} ; elle est supprimée ensuite.',
  'mail.export.zip':
    'C’est un fichier ZIP ordinaire : le fichier README.txt qu’il contient explique comment utiliser chaque partie sans Foyer.',

  'mail.paymentFailed.subject': 'Le paiement a échoué pour {household}',
  'mail.paymentFailed.body':
    'Le dernier paiement du foyer Foyer « {household} » a échoué. Tout continue de fonctionner jusqu’au {date} ; ensuite, le foyer passe en lecture seule jusqu’au paiement de la facture. Rien n’est supprimé, et vous pouvez exporter toutes vos données à tout moment.',
  'mail.paymentFailed.update':
    'Mettez à jour le moyen de paiement dans les réglages du foyer : {link}',
  'mail.trialEnds.subject': 'L’essai de {household} se termine bientôt',
  'mail.trialEnds.body':
    'L’essai du foyer Foyer « {household} » se termine dans quelques jours ; l’abonnement continue ensuite avec le moyen de paiement enregistré. Gérez-le ici : {link}',

  'mail.deletion.subject': 'Le foyer « {household} » va être supprimé',
  'mail.deletion.requested':
    '{requester} a demandé la suppression du foyer « {household} ». Dès maintenant, il peut être lu et exporté, mais plus modifié.',
  'mail.deletion.anOwner': 'Un propriétaire',
  'mail.deletion.purge':
    'Le {date}, la clé de chiffrement du foyer sera détruite, puis ses fichiers, contacts, agendas et son historique supprimés définitivement, sans retour possible. Sans la clé, aucune copie de ses données, pas même dans les sauvegardes du stockage, ne pourra plus être lue.',
  'mail.deletion.cancel':
    'D’ici là, tout propriétaire peut annuler la suppression, et chacun peut encore télécharger un export :',
  'mail.deletion.why': 'Vous recevez ce message parce que vous êtes propriétaire de ce foyer.',
};
