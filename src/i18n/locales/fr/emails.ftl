# Les e-mails (src/courier/templates) : l'objet, le texte et le HTML partagent ces messages.

email-if-not-you-ignore = Si ce n'était pas vous, ignorez cet e-mail.
email-code-is = Votre code à usage unique est :
email-this-wasnt-me = Ce n'était pas moi

## Code et lien de connexion
email-login-code-subject = Votre code de connexion { $product } : { $code }
email-login-code-heading = Se connecter à { $product }
email-login-code-or-link = Ou ouvrez ce lien pour vous connecter :
email-login-code-works = Le code fonctionne une fois, pendant { $lifespan }, dans la connexion que vous avez commencée : { $device }, { $requested_at }. Le lien fonctionne une fois aussi, sur l'appareil qui l'ouvre : ne l'ouvrez que là où vous voulez être connecté.
email-login-code-nobody = Personne ne peut se connecter sans le code ou le lien.

## Connexion demandée pour une adresse qui ne peut pas se connecter par e-mail
email-login-unavailable-subject = Demande de connexion à { $product }
email-login-unavailable-body = Quelqu'un a demandé à se connecter à { $product } avec cette adresse e-mail ({ $device }, { $requested_at }), mais aucun compte ne peut se connecter par e-mail avec elle : soit aucun compte ne l'utilise, soit le compte ne l'a pas encore confirmée.
email-login-unavailable-create = Vous voulez un compte ? Créez-en un ici :
email-login-unavailable-passkey = Vous en avez un ? Connectez-vous avec votre clé d'accès.

## Confirmation de l'adresse
email-verify-subject = Confirmez votre e-mail pour { $product } : { $code }
email-verify-heading = Confirmez votre adresse e-mail pour { $product }
email-verify-enter = Saisissez ce code là où vous vous êtes inscrit :
email-verify-or-link = Ou ouvrez ce lien pour confirmer :
email-verify-works = Une fois confirmée, cette adresse vous permet de revenir si aucune clé d'accès n'est à portée. Le code et le lien fonctionnent une fois, pendant { $lifespan } ({ $device }, { $requested_at }).

## Code d'inscription
email-sign-up-subject = Votre code d'inscription { $product } : { $code }
email-sign-up-heading = Créez votre compte { $product }
email-sign-up-enter = Saisissez ce code là où vous avez commencé à vous inscrire :
email-sign-up-works = Il confirme que cette adresse est la vôtre, pour qu'elle puisse vous faire revenir si une clé d'accès n'est un jour pas à portée. Le code fonctionne une fois, pendant { $lifespan }, uniquement dans l'inscription que vous avez commencée : { $device }, { $requested_at }.
email-sign-up-nothing = Aucun compte n'est créé sans le code.

## Inscription demandée pour une adresse qui a déjà un compte
email-sign-up-exists-subject = Vous avez déjà un compte { $product }
email-sign-up-exists-body = Quelqu'un a demandé à créer un compte { $product } avec cette adresse e-mail ({ $device }, { $requested_at }), mais un compte l'utilise déjà.
email-sign-up-exists-sign-in = Si c'était vous, connectez-vous plutôt :
email-sign-up-exists-no-passkey = Pas de clé d'accès sous la main ? Choisissez « { login-cant-use-passkey } » sur cette page pour recevoir un code de connexion par e-mail.
email-sign-up-exists-nothing = Rien n'a changé sur votre compte.

## Nouveaux codes de secours
email-codes-created-subject = Nouveaux codes de secours pour votre compte { $product }
email-codes-created-body = De nouveaux codes de secours ont été créés pour votre compte { $product } ({ $device }, { $requested_at }). Vos codes de secours précédents ne fonctionnent plus.
email-codes-created-not-you = Si ce n'était pas vous, connectez-vous, créez immédiatement une nouvelle série et vérifiez vos clés d'accès :

## Un code de secours a été utilisé
email-code-used-subject = Un code de secours a servi à se connecter à { $product }
email-code-used-heading = Un code de secours a servi à se connecter
email-code-used-body = Un code de secours vient de servir à se connecter à votre compte { $product } ({ $device }, { $requested_at }). { $remaining ->
    [one] Il reste { $remaining } code de secours.
   *[other] Il reste { $remaining } codes de secours.
}
email-code-used-not-you = Si ce n'était pas vous, connectez-vous, créez de nouveaux codes de secours (les anciens cessent alors de fonctionner) et vérifiez vos clés d'accès :

## Mot de passe désactivé
email-password-off-subject = Mot de passe désactivé pour votre compte { $product }
email-password-off-body = Le mot de passe de votre compte { $product } a été désactivé ({ $device }, { $requested_at }). Vous vous connectez désormais avec vos clés d'accès ; si aucune n'est à portée, utilisez l'e-mail.
email-password-off-not-you = Si ce n'était pas vous, connectez-vous avec une clé d'accès ou par e-mail et vérifiez vos clés d'accès et vos sessions :

## Le support a émis un lien de récupération
email-recovery-issued-subject = Le support a émis un lien de récupération pour votre compte { $product }
email-recovery-issued-heading = Le support a émis un lien de récupération pour votre compte
email-recovery-issued-body = Un agent du support a émis un lien de récupération pour votre compte { $product } le { $issued_at } UTC. Il fonctionne du { $usable_from } UTC au { $expires_at } UTC, une seule fois, et permet seulement d'enregistrer une nouvelle clé d'accès. Vos clés d'accès continuent de fonctionner.
email-recovery-issued-asked = Si vous avez demandé de l'aide au support, vous n'avez rien à faire.
email-recovery-issued-not-you = Si ce n'était pas vous, quelqu'un essaie peut-être de prendre votre compte. Annulez le lien maintenant :
email-recovery-issued-cancel = Ce n'était pas moi : annuler le lien

## Un lien de récupération a été utilisé
email-recovery-used-subject = Votre compte { $product } a été récupéré avec un lien du support
email-recovery-used-heading = Votre compte a été récupéré avec un lien du support
email-recovery-used-body = Un lien de récupération du support vient d'être utilisé pour accéder à votre compte { $product } ({ $device }, { $requested_at }). Dès qu'une nouvelle clé d'accès est enregistrée avec lui, vos autres sessions sont déconnectées.
email-recovery-used-not-you = Si ce n'était pas vous, contactez immédiatement le support : quelqu'un a peut-être pris votre compte.

## Une clé d'accès a été enregistrée après une connexion sans clé d'accès
email-passkey-added-subject = Une nouvelle clé d'accès a été enregistrée sur votre compte { $product }
email-passkey-added-heading = Une nouvelle clé d'accès a été enregistrée sur votre compte
email-passkey-added-body = Une nouvelle clé d'accès (« { $name } ») a été enregistrée sur votre compte { $product } après une connexion avec { $way_in } ({ $device }, { $requested_at }).
email-passkey-added-cooldown = Pendant { $cooldown }, elle n'ouvre que des sessions limitées, à moins que l'une de vos autres clés d'accès ou un code de secours ne la confirme.
email-passkey-added-was-you = Si c'était vous, vous n'avez rien à faire.
email-passkey-added-not-you = Si ce n'était pas vous, quelqu'un { $way ->
    [password] qui connaît votre mot de passe
    [lookup_secret] qui détient l'un de vos codes de secours
   *[other] qui peut lire vos e-mails
} est peut-être en train de prendre votre compte.
email-passkey-added-remove = Supprimez cette clé d'accès et déconnectez chaque session qu'elle a ouverte :
email-passkey-added-button = Ce n'était pas moi : la supprimer et la déconnecter
email-passkey-added-then = { $way ->
    [password] Désactivez ensuite votre mot de passe sur la page de votre compte.
    [lookup_secret] Créez ensuite une nouvelle série de codes de secours sur la page de votre compte.
   *[other] Changez ensuite le mot de passe de votre messagerie.
}

## Les mauvais codes ont été ralentis
email-slowed-subject = Les tentatives de connexion à votre compte { $product } ont été ralenties
email-slowed-heading = Les tentatives de connexion ont été ralenties
email-slowed-body = Quelqu'un a saisi { $tries } codes erronés (codes reçus par e-mail ou codes de secours) pour votre compte { $product } ; les essais suivants avec des codes doivent donc attendre : une heure d'abord, plus longtemps après chaque dizaine supplémentaire.
email-slowed-passkey = Votre clé d'accès vous connecte toujours immédiatement, tout comme le lien d'un e-mail de connexion.
email-slowed-not-you = Si ce n'était pas vous, quelqu'un essaie peut-être de deviner : connectez-vous avec votre clé d'accès et créez de nouveaux codes de secours si les vôtres pourraient être connus :
