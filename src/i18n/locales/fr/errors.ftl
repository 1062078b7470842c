# Textes d'erreur (`error.message` ; l'`error.id` ne change jamais).

error-session_missing = Aucune session valide n'a été trouvée. Connectez-vous et réessayez.
error-passkey_challenge_invalid = Cette tentative de connexion n'est plus valide. Recommencez.
error-passkey_challenge_expired = Cette tentative de connexion a pris trop de temps et a expiré. Recommencez.
error-flow_mismatch = Cette requête n'appartient pas au parcours qu'elle indique.
error-passkey_verification_failed = La clé d'accès n'a pas pu être vérifiée. Réessayez, ou connectez-vous autrement.
error-passkey_unknown = Cette clé d'accès n'est plus enregistrée ici (elle a peut-être été supprimée de votre compte). Utilisez une autre clé d'accès, ou connectez-vous par e-mail.
error-passkey_user_verification_required = Votre appareil n'a pas vérifié qu'il s'agit bien de vous (code PIN, empreinte ou visage). Réessayez.
error-passkey_possible_clone = Cette clé d'accès a été refusée car elle a peut-être été copiée. Connectez-vous autrement et contactez le support.
error-passkey_already_registered = Cette clé d'accès est déjà enregistrée.
error-identity_exists = Un compte existe déjà avec cette adresse e-mail. Connectez-vous plutôt.
error-password_registration_forbidden = latchkey ne crée pas de mot de passe pour les nouveaux comptes. Inscrivez-vous avec une clé d'accès.
error-identity_inactive = Ce compte est désactivé. Contactez le support.
error-csrf_violation = Cette requête a été refusée car elle ne venait pas de ce site. Rechargez la page et réessayez.
error-wrong_address = Cette page a été ouverte à l'adresse { $opened }, mais la connexion de ce site se trouve à { $site }. Ouvrez-la là-bas : les clés d'accès ne fonctionnent qu'à cette adresse.
error-code_expired = Ce code a expiré ou a déjà été utilisé. Demandez-en un nouveau.
error-code_invalid = { $tries ->
    [one] Ce code n'est pas le bon. Il reste { $tries } essai.
   *[other] Ce code n'est pas le bon. Il reste { $tries } essais.
}
error-code_attempts_exhausted = Ce code n'était pas le bon non plus, et c'était le dernier essai. Demandez un nouveau code.
error-link_invalid = Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.
error-rate_limited = Trop de tentatives pour le moment. Réessayez dans { $wait }, ou connectez-vous entre-temps avec votre clé d'accès ou un code de secours.
error-address_already_verified = Votre adresse e-mail est déjà confirmée.
error-sign_up_code_required = Confirmez d'abord votre adresse e-mail : demandez un code avec POST /self-service/registration/code, puis envoyez son flow_id et le code.
error-backup_code_invalid = Ce code de secours n'a pas fonctionné. Vérifiez l'adresse e-mail et le code, ou connectez-vous autrement.
error-credentials_invalid = L'adresse e-mail ou le mot de passe est incorrect. Connectez-vous avec une clé d'accès, ou utilisez plutôt l'e-mail.
error-step_up_required = Pour votre sécurité, confirmez d'abord qu'il s'agit bien de vous avec votre clé d'accès, puis réessayez.
error-passkey_last_one = C'est votre seule clé d'accès. Ajoutez-en d'abord une autre, puis supprimez celle-ci.
error-method_disabled = Ce moyen de connexion n'est pas activé sur ce serveur.
error-admin_key_missing = Envoyez une clé d'API d'administration : Authorization: Bearer <key> (créez-en une avec `latchkey admin keys create`).
error-admin_key_invalid = Cette clé d'API d'administration n'est pas valide : elle est inconnue ou a été révoquée.
error-recovery_reason_required = Indiquez pourquoi le lien est nécessaire et comment la personne a été vérifiée : envoyez `reason` et `verification`.
error-recovery_not_pending = Cette demande de récupération n'attend plus d'approbation.
error-recovery_link_invalid = Ce lien de récupération a expiré, a déjà été utilisé ou a été annulé. Demandez-en un nouveau au support.
error-recovery_link_not_yet_valid = Ce lien de récupération fonctionne à partir de { $usable_from } (un délai de sécurité). Ouvrez-le de nouveau à ce moment-là.
error-session_enrolment_required = Cette session vient d'un lien de récupération : enregistrez d'abord une nouvelle clé d'accès.
error-session_aal2_required = Cela demande une connexion avec une clé d'accès (aal2). Confirmez qu'il s'agit bien de vous avec votre clé d'accès.
error-session_restricted = Cette session a été ouverte sans clé d'accès sur un compte à forte valeur : enregistrez d'abord une clé d'accès sur cet appareil.
error-passkey_confirmation_refused = Cette clé d'accès ne peut être confirmée qu'avec l'une de vos autres clés d'accès, ou avec un code de secours créé avant son enregistrement. Sinon, elle est confirmée à la fin de son délai d'attente.
error-automatic_upgrade_refused = Une clé d'accès n'est enregistrée sans dialogue que juste après une connexion par mot de passe, sur un compte qui n'en a pas encore. Enregistrez-en une avec le bouton « Enregistrer une clé d'accès ».
error-payload_too_large = Le corps de la requête est trop volumineux.
error-not_found = Introuvable.
error-method_not_allowed = Cette méthode n'est pas autorisée ici.
error-request_timeout = Le serveur a mis trop de temps à répondre. Réessayez dans un instant.
error-store_unavailable = Le service est momentanément indisponible. Réessayez dans quelques secondes.
error-internal_error = Une erreur s'est produite de notre côté. Réessayez dans un instant.

## Saisies inutilisables (`invalid_request`)
invalid-email = Saisissez une adresse e-mail valide, par exemple nom@example.com.
invalid-email-undeliverable = Cette adresse e-mail ne peut pas recevoir de courrier. Vérifiez qu'elle ne contient pas de faute de frappe.
invalid-passkey-name = Le nom d'une clé d'accès compte de 1 à 64 caractères, sans saut de ligne.
invalid-this-session = C'est la session en cours : déconnectez-vous pour y mettre fin.
invalid-consent-request = Cette page a besoin de la demande de connexion de l'application : recommencez depuis l'application.

## A span of time, put into other messages ("15 minutes")
duration = { $unit ->
    [second] { $count ->
        [one] { $count } seconde
       *[other] { $count } secondes
    }
    [minute] { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
    [hour] { $count ->
        [one] { $count } heure
       *[other] { $count } heures
    }
   *[day] { $count ->
        [one] { $count } jour
       *[other] { $count } jours
    }
}
