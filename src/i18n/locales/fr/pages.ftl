# Les pages hébergées (src/ui/templates). { $product } est le nom du produit.

language-name = Français
language-menu = Langue

## Commun
common-go-to-sign-in = Aller à la page de connexion
common-email = E-mail
common-code-from-email = Code reçu par e-mail
common-send-new-code = Envoyer un nouveau code
common-use-different-email = Utiliser une autre adresse e-mail
common-not-now = Pas maintenant
common-later = Plus tard
common-continue = Continuer
common-sign-in = Se connecter
common-sign-out = Se déconnecter
common-save-passkey = Enregistrer une clé d'accès
common-not-signed-in = Vous n'êtes pas connecté.
common-back-to-sign-in = Retour à la connexion
common-js-needed-site = Activez JavaScript pour ce site.

## Titres
title-sign-in = Connexion
title-create-account = Créer votre compte
title-confirm-address = Confirmer votre adresse e-mail
title-recover = Récupérer votre compte
title-confirm-its-you = Confirmez qu'il s'agit bien de vous
title-allow-app = Autoriser une application
title-sign-out = Déconnexion
title-save-passkey = Enregistrer une clé d'accès
title-remove-passkey = Supprimer une clé d'accès
title-cancel-recovery = Annuler un lien de récupération
title-account = Votre compte
title-outbox = Boîte d'envoi de développement

## Page de connexion
login-heading = Connexion
login-noscript = Les clés d'accès ont besoin de JavaScript. Activez JavaScript pour ce site pour vous connecter avec votre clé d'accès, ou avec un code envoyé par e-mail.
login-passkey = Se connecter avec une clé d'accès
login-use-email = Utiliser l'e-mail à la place
login-trouble = Raisons fréquentes pour lesquelles une clé d'accès ne fonctionne pas ici :
login-cant-use-passkey = Impossible d'utiliser une clé d'accès ?
login-email-explain = Nous vous envoyons par e-mail un code à usage unique et un lien de connexion.
login-email-help = Utilisez l'adresse que vous avez confirmée pour votre compte. Si votre navigateur propose une clé d'accès enregistrée dans ce champ, vous pouvez la choisir à la place.
login-send-link = Envoyer le lien
login-with-code = Se connecter avec le code
login-backup-summary = Utiliser un code de secours
login-backup-explain = Ni clé d'accès ni e-mail sous la main ? Utilisez l'un des codes de secours que vous avez conservés.
login-account-email = E-mail du compte
login-backup-code = Code de secours
login-with-backup-code = Se connecter avec le code de secours
login-other-summary = Utiliser une autre méthode
login-password-explain = Vous avez un mot de passe d'avant les clés d'accès ? Connectez-vous avec, puis passez à une clé d'accès.
login-password = Mot de passe
login-with-password = Se connecter avec le mot de passe
login-new-here = Nouveau ici ?
login-create-account = Créer un compte
login-password-off-heading = Désactiver le mot de passe ?
login-password-off-explain = Vous vous connectez avec des clés d'accès depuis un moment. Désactivez l'ancien mot de passe pour que personne ne puisse plus s'en servir. Il ne pourra pas être réactivé ; l'e-mail reste votre moyen de revenir.
login-password-off = Désactiver le mot de passe

## Proposition d'enregistrer une clé d'accès
offer-heading = Vous êtes connecté. Enregistrer une clé d'accès sur cet appareil ?
offer-detail = La prochaine fois, connectez-vous avec votre empreinte, votre visage ou le verrouillage de l'écran au lieu d'attendre un e-mail.

## Inscription
signup-heading = Créer votre compte
signup-noscript = Les clés d'accès ont besoin de JavaScript. Activez JavaScript pour ce site pour créer votre compte.
signup-email-help = Aucun mot de passe : nous vous envoyons un code pour confirmer l'adresse, puis votre appareil enregistre une clé d'accès, déverrouillée par votre empreinte, votre visage ou le verrouillage de l'écran.
signup-create = Créer un compte avec une clé d'accès
signup-have-account = Vous avez déjà un compte ?
signup-confirm = Confirmer et créer la clé d'accès
signup-saved-heading = ✓ Clé d'accès enregistrée sur cet appareil
signup-another-explain = Enregistrer une autre clé d'accès en réserve ? Si cet appareil est perdu ou réinitialisé, l'autre vous connecte toujours.
signup-another-phone = Sur un téléphone
signup-another-key = Sur une clé de sécurité
signup-backup-heading = Un moyen de plus de revenir : les codes de secours
signup-backup-explain = Dix codes à usage unique à garder sur papier ou dans un gestionnaire de mots de passe. Si vos clés d'accès sont un jour hors de portée, votre adresse e-mail et un code vous connectent.
backup-create = Créer des codes de secours

## Feuille des codes de secours
backup-sheet-heading = Vos nouveaux codes de secours
backup-sheet-account = Compte :
backup-sheet-save = Enregistrez-les maintenant : ils ne sont affichés que cette fois. Chaque code fonctionne une fois.
backup-sheet-replaced = Vos codes précédents ne fonctionnent plus.
backup-download = Télécharger (.txt)
backup-print = Imprimer

## Page du lien de connexion
link-heading = Se connecter à { $product }
link-noscript = Cette page a besoin de JavaScript pour terminer la connexion. Sans lui, saisissez le code de l'e-mail sur la page de connexion.
link-explain = Vous avez ouvert un lien de connexion. Appuyez sur le bouton pour vous connecter sur cet appareil.
link-account = Ce lien vous connecte à ce compte :
link-not-you-label = Ce n'est pas vous ?
link-not-you = N'appuyez pas sur Se connecter : quelqu'un essaie peut-être de connecter ce navigateur à son propre compte. Fermez cette page ; rien ne se passe tant que vous n'appuyez pas sur le bouton.

## Page du lien de confirmation
verify-link-noscript = Cette page a besoin de JavaScript pour confirmer votre adresse. Sans lui, saisissez le code de l'e-mail sur la page de votre compte.
verify-link-explain = Appuyez sur le bouton pour confirmer cette adresse pour votre compte { $product }.
verify-link-confirm = Confirmer mon adresse
verify-link-account = Aller à votre compte

## Confirmation de l'adresse (page du compte)
verify-sent = Nous avons envoyé un code à votre adresse e-mail. Saisissez-le pour confirmer l'adresse : elle pourra alors vous faire revenir si aucune clé d'accès n'est à portée.
verify-confirm = Confirmer l'adresse

## Récupération
recovery-heading = Récupérer votre compte
recovery-noscript = La récupération de votre compte enregistre une nouvelle clé d'accès, ce qui demande JavaScript. Activez JavaScript pour ce site et ouvrez de nouveau le lien.
recovery-explain = Le support vous a donné ce lien pour revenir dans votre compte { $product }. Appuyez sur le bouton pour continuer sur cet appareil ; vous enregistrerez ensuite une nouvelle clé d'accès.
recovery-not-asked = Vous n'avez pas demandé d'aide au support ? Fermez cette page : rien ne se passe tant que vous n'appuyez pas sur le bouton. Utilisez ensuite « Ce n'était pas moi » dans l'e-mail que nous vous avons envoyé.
recovery-save-heading = Enregistrer une nouvelle clé d'accès
recovery-save-explain = Cet appareil enregistre une clé d'accès pour votre compte, déverrouillée par votre empreinte, votre visage ou le verrouillage de l'écran. Tant qu'elle n'est pas enregistrée, cette connexion ne permet rien d'autre.
recovery-stop = Arrêter et se déconnecter

## Confirmation par clé d'accès
step-up-noscript = La confirmation par clé d'accès a besoin de JavaScript.
step-up-explain = Cette étape demande une connexion par clé d'accès. Utilisez la clé d'accès de cet appareil (empreinte, visage ou verrouillage de l'écran) et vous revenez aussitôt.
step-up-use-passkey = Utiliser votre clé d'accès
step-up-no-passkey = Pas de clé d'accès sur cet appareil ? Connectez-vous par e-mail et enregistrez-en une sur la page de votre compte, ou utilisez un appareil qui en a une.
step-up-account-page = La page de votre compte
step-up-sign-in = Se connecter avec votre clé d'accès

## Clé d'accès à enregistrer (compte à forte valeur)
re-enrol-heading = Une étape de plus : enregistrer une clé d'accès sur cet appareil
re-enrol-noscript = L'enregistrement d'une clé d'accès a besoin de JavaScript.
re-enrol-explain = { $limited ->
    [yes] Vous vous êtes connecté sans clé d'accès, et ce compte demande plus de protection qu'un e-mail ou un code de secours. Tant que vous n'enregistrez pas de clé d'accès ici, votre compte est limité à quelques actions sans enjeu.
   *[no] Vous vous êtes connecté sans clé d'accès, et ce compte demande plus de protection qu'un e-mail ou un code de secours. Tant que vous n'enregistrez pas de clé d'accès ici, votre compte est limité.
}
re-enrol-unlock = Votre appareil déverrouille la clé d'accès par votre empreinte, votre visage ou le verrouillage de l'écran. Chaque adresse du compte est informée de l'ajout d'une clé d'accès.
re-enrol-limited-heading = Ou continuer avec un accès limité
re-enrol-limited-can = Sans clé d'accès, vous pouvez encore :
re-enrol-continue = Continuer avec un accès limité
re-enrol-sign-in-first = Se connecter d'abord

## « Ce n'était pas moi »
disown-heading = Supprimer une clé d'accès que vous n'avez pas enregistrée
disown-noscript = Cela demande JavaScript. Activez-le pour ce site et ouvrez de nouveau le lien, ou contactez le support.
disown-explain = Nous vous avons écrit parce qu'une nouvelle clé d'accès a été enregistrée sur votre compte après une connexion par e-mail. Si ce n'était pas vous, supprimez-la : elle cesse de fonctionner et chaque session qu'elle a ouverte est déconnectée.
disown-confirm = Ce n'était pas moi : supprimer la clé d'accès
disown-saved-it = Si vous l'avez enregistrée vous-même, fermez cette page. Changez ensuite le mot de passe de votre messagerie : la personne qui l'a enregistrée pouvait lire vos e-mails.
cancel-heading = Annuler un lien de récupération
cancel-noscript = L'annulation demande JavaScript. Activez-le pour ce site et ouvrez de nouveau le lien, ou contactez le support.
cancel-explain = Nous vous avons écrit parce que le support a émis un lien de récupération pour votre compte. Si vous n'avez pas demandé d'aide, quelqu'un essaie peut-être de prendre votre compte : annulez le lien et il ne fonctionnera pour personne.
cancel-confirm = Ce n'était pas moi : annuler le lien
cancel-asked = Si vous avez demandé de l'aide au support, fermez cette page.

## Consentement (une application demande un accès)
consent-heading = Autoriser { $client } ?
consent-noscript = Cette étape a besoin de JavaScript.
consent-explain = { $client } demande à vous connecter avec votre compte { $product } et à voir :
consent-take-back = Vous pouvez revenir sur ce choix à tout moment sur la page de votre compte.
consent-allow = Autoriser
consent-deny = Ne pas autoriser
scope-openid = qui vous êtes : l'identifiant de votre compte
scope-email = votre adresse e-mail
scope-offline_access = que vous y restiez connecté tant que votre session ici dure

## Déconnexion demandée par une application
logout-heading = Se déconnecter de { $product } ?
logout-noscript = La déconnexion ici a besoin de JavaScript. Activez JavaScript pour ce site, ou déconnectez-vous depuis la page de votre compte.
logout-explain = Une application a demandé à vous déconnecter. Vous êtes alors déconnecté de { $product } sur cet appareil ; les applications que vous utilisez par son biais vous demanderont de vous reconnecter.
logout-didnt-ask = Vous ne l'avez pas demandé ?
logout-stay = Rester connecté

## Page du compte
account-heading = Votre compte
account-cooling = Cette clé d'accès est nouvelle et a été enregistrée après une connexion par e-mail ; elle attend donc un moment avant de tout débloquer. L'une de vos autres clés d'accès ou un code de secours peut la confirmer dès maintenant.
account-limited = Session limitée.
account-confirm-passkey = Confirmer avec une autre clé d'accès
account-confirm-code-label = Ou un code de secours
account-confirm-code = Confirmer avec le code de secours
account-restricted = Vous vous êtes connecté sans clé d'accès, et ce compte demande plus de protection : certaines modifications restent bloquées tant que vous n'enregistrez pas de clé d'accès sur cet appareil.
account-save-here = Enregistrer une clé d'accès sur cet appareil
account-recovered = Votre compte est récupéré et votre nouvelle clé d'accès est enregistrée. Toutes les autres sessions ont été déconnectées. Créez de nouveaux codes de secours ci-dessous.
account-signed-in-as = Connecté en tant que
account-confirmed = (confirmée)
account-noscript = La gestion de votre compte a besoin de JavaScript.
account-unconfirmed = Votre adresse e-mail n'est pas encore confirmée. Confirmez-la pour qu'un code par e-mail puisse vous faire revenir si aucune clé d'accès n'est à portée.
account-send-confirmation = Envoyer un code de confirmation
account-passkeys = Clés d'accès
account-col-name = Nom
account-col-created = Créée le
account-col-last-used = Dernière utilisation
account-col-device = Appareil
account-col-synced = Synchronisée
account-col-actions = Actions
account-never = Jamais
device-security_key = Clé de sécurité
device-phone = Téléphone ou tablette
device-built_in = Intégrée
device-unknown = Inconnu
account-synced-yes = Oui
account-synced-can = Synchronisable
account-synced-no = Cet appareil seulement
account-rename = Renommer
account-rename-label = Renommer { $name }
account-remove = Supprimer
account-remove-label = Supprimer { $name }
account-no-passkey = Vous n'avez pas encore de clé d'accès. Enregistrez-en une sur cet appareil pour vous connecter d'un geste.
account-one-passkey = Vous avez une clé d'accès. Ajoutez-en une autre sur un second appareil pour ne pas être bloqué si vous en perdez un.
account-passkey-here = Cet appareil
added-via-sign_up = à l'inscription
added-via-account = depuis votre compte
added-via-recovery = avec un lien de récupération
added-via-upgrade = après une connexion par mot de passe
added-via-re_enrol = après une connexion sans clé d'accès
account-recovered-others = { $count ->
    [one] Votre compte a encore { $count } clé d'accès d'avant la récupération. Si elle est perdue ou si quelqu'un d'autre peut l'avoir, supprimez-la.
   *[other] Votre compte a encore { $count } clés d'accès d'avant la récupération. Si elles sont perdues ou si quelqu'un d'autre peut les avoir, supprimez-les.
}
account-remove-others = { $count ->
    [one] Supprimer l'autre clé d'accès
   *[other] Supprimer les { $count } autres clés d'accès
}
account-add-passkey = Ajouter une autre clé d'accès
account-backup-heading = Codes de secours
account-backup-status = { $remaining ->
    [one] Il vous reste { $remaining } code de secours inutilisé. Il vous connecte une fois, avec votre adresse e-mail, si vos clés d'accès sont hors de portée.
   *[other] Il vous reste { $remaining } codes de secours inutilisés. Chacun vous connecte une fois, avec votre adresse e-mail, si vos clés d'accès sont hors de portée.
}
account-backup-none = Pas encore de codes de secours. Dix codes à usage unique, gardés sur papier ou dans un gestionnaire de mots de passe, vous font revenir si vos clés d'accès et votre messagerie sont hors de portée.
account-backup-low = { $remaining ->
    [0] Il n'en reste aucun : créez-en une nouvelle série.
    [one] Il n'en reste que { $remaining } : créez-en une nouvelle série.
   *[other] Il n'en reste que { $remaining } : créez-en une nouvelle série.
}
account-backup-new = Créer de nouveaux codes de secours
account-password-heading = Mot de passe
account-password-on = Mot de passe : activé. Vous pouvez encore vous connecter avec le mot de passe d'avant les clés d'accès ; désactivez-le quand vos clés d'accès vous conviennent. Il ne pourra pas être réactivé.
account-password-off = Désactiver le mot de passe
account-sessions-heading = Où vous êtes connecté
account-this-device = Cet appareil : { $device }, connecté le { $when } UTC avec { $way }.
way-in-passkey = une clé d'accès
way-in-code = un code ou un lien par e-mail
way-in-lookup_secret = un code de secours
way-in-recovery = un lien de récupération
way-in-password = un mot de passe
account-col-signed-in = Connecté le
account-col-last-active = Dernière activité
account-col-with = Avec
account-limited-mark = (limitée)
account-sign-out-label = Déconnecter { $device }, connecté le { $when }
account-sign-out-all = Se déconnecter partout ailleurs
account-nowhere-else = Vous n'êtes connecté nulle part ailleurs.
account-apps-heading = Applications auxquelles vous vous êtes connecté avec ce compte
account-col-app = Application
account-col-last-signed-in = Dernière connexion
account-col-allowed = Autorisée à voir
account-app-not-now = pas connecté actuellement
account-app-own = votre compte (une application propre à ce site)
account-remove-access = Retirer l'accès
account-remove-access-label = Retirer l'accès de { $app }
account-apps-help = Retirer l'accès vous déconnecte de l'application et l'empêche d'utiliser votre compte jusqu'à ce que vous vous y reconnectiez.

## Boîte d'envoi de développement
outbox-notice = Mode développement : les e-mails ne sont pas envoyés, ils arrivent ici (les plus récents d'abord) et dans la console.
outbox-to = À { $recipient }
outbox-empty = Aucun message pour l'instant.
