# Ce que dit le script des pages (src/ui/static/latchkey.js). Uniquement du texte, des
# $variables et des choix sur une variable (formes du pluriel) : le script les met en forme.

js-reference = Référence : { $id }
js-wrong-address = Vous avez ouvert cette page à l'adresse { $opened }, mais la connexion de ce site se trouve à { $site }. Les clés d'accès ne fonctionnent qu'à cette adresse.
js-open = Ouvrir { $url }
js-failed = Une erreur s'est produite. Réessayez.
js-ceremony-not-allowed = La demande de clé d'accès a été annulée ou a expiré, ou aucune clé d'accès pour ce site ne se trouve sur cet appareil.
js-ceremony-invalid-state = Cet appareil a déjà une clé d'accès pour ce compte.
js-ceremony-security = L'adresse de cette page ne correspond pas au site auquel appartient la clé d'accès.
js-ceremony-aborted = La demande de clé d'accès a été interrompue.
js-ceremony-other = Votre navigateur n'a pas pu mener à bien la demande de clé d'accès. Réessayez.
js-no-passkeys = Ce navigateur ne prend pas en charge les clés d'accès. Essayez une version récente de Chrome, Edge, Firefox ou Safari.
js-checking-passkey = Vérification de votre clé d'accès…
js-signed-in = Connecté.
js-confirm-first = Pour votre sécurité, confirmez qu'il s'agit bien de vous avec votre clé d'accès…
js-hint-other-device = Votre clé d'accès se trouve sur un autre appareil ou dans un autre navigateur.
js-hint-cleared = La clé d'accès a été supprimée de cet appareil (par exemple, le trousseau ou les données du navigateur ont été effacés).
js-hint-wrong-site = L'adresse de cette page n'est pas celle du site pour lequel votre clé d'accès a été créée.
js-enter-email = Saisissez votre adresse e-mail.
js-sending = Envoi…
js-code-sent = Si { $email } peut se connecter ici, nous lui avons envoyé un code et un lien de connexion. Saisissez le code, ou ouvrez le lien sur n'importe quel appareil.
js-enter-code = Saisissez le code reçu par e-mail.
js-checking-code = Vérification du code…
js-new-code-sent = Un nouveau code est en route. Le précédent ne fonctionne plus.
js-enter-backup-code = Saisissez l'un de vos codes de secours.
js-backup-codes-left = { $count ->
    [0] Il ne vous reste aucun code de secours : créez-en une nouvelle série sur la page de votre compte.
    [1] Il ne vous reste qu'un code de secours : créez-en une nouvelle série sur la page de votre compte.
    [2] Il ne vous reste que 2 codes de secours : créez-en une nouvelle série sur la page de votre compte.
   *[other] Il vous reste { $count } codes de secours.
} Enregistrez une clé d'accès sur cet appareil pour vous connecter la prochaine fois avec votre empreinte, votre visage ou le verrouillage de l'écran.
js-enter-password = Saisissez votre mot de passe.
js-checking-password = Vérification de votre mot de passe…
js-switch-heading = Passer à la connexion sans mot de passe ?
js-switch-detail = Plus rapide, plus sûr, aucun mot de passe à retenir : enregistrez une clé d'accès et connectez-vous avec votre empreinte, votre visage ou le verrouillage de l'écran.
js-switch-save = Enregistrer la clé d'accès
js-switch-skip = Continuer
js-upgraded-heading = Clé d'accès enregistrée
js-upgraded-detail = Votre gestionnaire de mots de passe a enregistré une clé d'accès pour ce compte. La prochaine fois, connectez-vous avec elle plutôt qu'avec votre mot de passe.
js-creating-passkey = Création de votre clé d'accès…
js-saved-here = Clé d'accès enregistrée sur cet appareil.
js-follow-phone = Suivez votre navigateur pour enregistrer une clé d'accès sur votre téléphone…
js-tap-key = Insérez ou touchez votre clé de sécurité…
js-second-saved = Deuxième clé d'accès enregistrée.
js-waiting-passkey = En attente de votre clé d'accès…
js-link-incomplete-code = Ce lien est incomplet. Ouvrez le lien entier de l'e-mail, ou saisissez le code sur la page de connexion.
js-signing-in = Connexion en cours…
js-link-incomplete = Ce lien est incomplet. Ouvrez le lien entier de l'e-mail.
js-address-confirmed-thanks = { $address } est confirmée. Merci.
js-confirmed = Confirmé.
js-recovery-incomplete = Ce lien est incomplet. Ouvrez le lien entier que le support vous a donné.
js-checking-link = Vérification du lien…
js-creating-new-passkey = Création de votre nouvelle clé d'accès…
js-recovered = Clé d'accès enregistrée. Votre compte est récupéré.
js-link-incomplete-support = Ce lien est incomplet. Ouvrez le lien entier de l'e-mail, ou contactez le support.
js-removing-passkey = Suppression de la clé d'accès…
js-disowned = { $sessions ->
    [one] La clé d'accès est supprimée et la session qu'elle a ouverte est déconnectée.
   *[other] La clé d'accès est supprimée et les { $sessions } sessions qu'elle a ouvertes sont déconnectées.
}
js-disowned-more = { $more ->
    [one] Une autre clé d'accès enregistrée grâce à elle est également supprimée.
   *[other] { $more } autres clés d'accès enregistrées grâce à elle sont également supprimées.
}
js-disowned-codes = Les codes de secours créés grâce à elle sont supprimés : créez-en une nouvelle série sur la page de votre compte.
js-change-email-password = Changez maintenant le mot de passe de votre messagerie.
js-cancelling = Annulation…
js-recovery-cancelled = Le lien de récupération est annulé : il ne fonctionne pour personne. Si vous pouvez encore vous connecter, vérifiez vos clés d'accès ; sinon contactez le support.
js-address-confirmed = { $address } est confirmée.
js-saving-passkey = Enregistrement de votre clé d'accès…
js-account-created = Compte créé.
js-signup-code-sent = Nous avons envoyé un code à { $email }. Saisissez-le pour confirmer l'adresse ; votre appareil enregistre ensuite votre clé d'accès.
js-new-name = Nouveau nom
js-save-name = Enregistrer le nom
js-remove-confirm = Supprimer la clé d'accès « { $name } » ? Elle ne vous connectera plus.
js-backup-file-title = Codes de secours de { $account } pour { $product }
js-backup-file-note = Chaque code connecte une fois, avec votre adresse e-mail. Gardez-les secrets.
js-app-removed = L'accès de l'application est retiré : elle est déconnectée et vous redemandera la prochaine fois.
js-session-ended = Cette session est déconnectée.
js-sessions-ended = { $count ->
    [one] { $count } autre session est déconnectée.
   *[other] { $count } autres sessions sont déconnectées.
}
js-limit-lifted = Clé d'accès enregistrée. Votre session n'est plus limitée.
js-passkey-saved = Clé d'accès enregistrée.
js-password-off = Mot de passe : désactivé. Vous vous connectez avec vos clés d'accès, ou par e-mail quand aucune clé d'accès n'est à portée.
js-backup-fresh = Vous avez 10 codes de secours inutilisés.
js-backup-new = Créer de nouveaux codes de secours
js-creating-a-passkey = Création d'une clé d'accès…
js-passkey-added = Clé d'accès ajoutée.
js-remove-others-confirm = { $count ->
    [one] Supprimer l'autre clé d'accès ? Seule la clé d'accès de cet appareil vous connectera.
   *[other] Supprimer les { $count } autres clés d'accès ? Seule la clé d'accès de cet appareil vous connectera.
}
js-removing-others = Suppression des autres clés d'accès…
