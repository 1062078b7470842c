# La page d'administration (src/ui/templates/admin.html, src/ui/static/admin.js), pour le support.

admin-title = Administration
admin-brand = Administration { $product }
admin-sign-out = Se déconnecter
admin-noscript = La page d'administration a besoin de JavaScript.
admin-sign-in-heading = Connexion à l'administration
admin-key = Clé d'API d'administration
admin-key-help = Créez-en une avec latchkey admin keys create --name "…" --role support. Elle ne reste que dans cet onglet et est oubliée à sa fermeture.
admin-sign-in = Se connecter
admin-find-heading = Trouver une identité
admin-search-label = Adresse e-mail (ou une partie)
admin-search = Rechercher
admin-found = Identités trouvées
admin-col-email = E-mail
admin-col-state = État
admin-col-tier = Niveau
admin-col-open = Ouvrir
admin-health-heading = Santé des connexions
admin-period = Période
admin-last-day = Dernières 24 heures
admin-last-week = 7 derniers jours
admin-chart-title = Connexions par clé d'accès et par e-mail, échecs de clé d'accès, et clés d'accès enregistrées après une connexion par e-mail
admin-steps = Étapes de connexion sur la période, par niveau
admin-col-step = Étape
admin-col-standard = Standard
admin-col-high-value = Forte valeur
admin-col-unknown = Avant que le compte soit connu
admin-migration-heading = Migration depuis les mots de passe
admin-cohorts = Comptes importés par jour d'import
admin-col-imported-on = Importés le
admin-col-accounts = Comptes
admin-col-with-passkey = Avec une clé d'accès
admin-col-password-on = Mot de passe encore actif
admin-apps-heading = Applications qui connectent des personnes (OpenID Connect)
admin-apps = Applications
admin-col-app = Application
admin-col-kind = Type
admin-col-redirects = URI de redirection
admin-col-from = Origine
admin-col-actions = Actions
admin-register-summary = Enregistrer une application
admin-register-help = Clés d'administration uniquement. Une application confidentielle (un serveur web) reçoit un secret, affiché une fois ; une application publique (monopage ou native) prouve son identité avec PKCE seul.
admin-client-id = Identifiant client
admin-client-name = Nom affiché aux personnes
admin-client-redirects = URI de redirection, une par ligne (comparées à l'identique)
admin-client-logout = Adresses de retour après la déconnexion, une par ligne
admin-client-may = Elle peut obtenir
admin-client-email = l'adresse e-mail de la personne
admin-client-refresh = des jetons de rafraîchissement (reste connectée tant que dure la session)
admin-client-confidential = Confidentielle (a un secret)
admin-client-first-party = Application propre à cette organisation (sans page de consentement)
admin-register = Enregistrer l'application
admin-client-secret = Secret client
admin-pending-heading = Demandes de récupération en attente d'approbation
admin-recovery-heading = Émettre un lien de récupération
admin-recovery-help = Seulement après avoir vérifié la personne par un autre canal. Remettez le lien par un canal vérifié ; la personne est prévenue sur chaque adresse confirmée et peut l'annuler.
admin-reason = Motif
admin-reason-lost = Clés d'accès perdues et pas d'accès à l'e-mail
admin-reason-compromised = Compte de messagerie compromis
admin-reason-other = Autre (à expliquer ci-dessous)
admin-reason-details = Détails
admin-reason-details-help = (obligatoire pour « Autre »)
admin-verification = Comment vous avez vérifié la personne
admin-verification-callback = Rappel d'un numéro de téléphone enregistré
admin-verification-video = Appel vidéo
admin-verification-document = Pièce d'identité vérifiée
admin-verification-other = Autre (à expliquer ci-dessous)
admin-verification-notes = Notes de vérification
admin-link-works-for = Le lien fonctionne pendant
admin-issue = Émettre le lien de récupération
admin-recovery-link = Lien de récupération
admin-identity-apps-heading = Applications connectées
admin-col-live = Connexions actives
admin-col-last-signed-in = Dernière connexion
admin-col-allowed = Autorisé
admin-links-heading = Liens de récupération
admin-col-created = Créé le
admin-col-status = Statut
admin-col-verification = Vérification
admin-history-heading = Historique d'audit
admin-col-time = Heure
admin-col-action = Action
admin-col-by = Par

## Le script de la page d'administration
admin-js-failed = Une erreur s'est produite. Réessayez.
admin-js-failed-reference = { $message } (référence { $reference })
admin-js-never = jamais
admin-js-open = Ouvrir
admin-js-open-label = Ouvrir { $email }
admin-js-high-value = forte valeur
admin-js-standard = standard
admin-js-found = { $count ->
    [one] { $count } trouvée.
   *[other] { $count } trouvées.
}
admin-js-no-consent = (aucun consentement nécessaire)
admin-js-remove-access = Retirer l'accès
admin-js-remove-access-label = Retirer l'accès de { $app }
admin-js-access-removed = { $app } n'a plus accès : ses jetons ne fonctionnent plus.
admin-js-fact-state = État
admin-js-fact-tier = Niveau
admin-js-tier-high-value = forte valeur (la récupération demande une clé d'administration et une seconde approbation)
admin-js-fact-passkeys = Clés d'accès
admin-js-fact-codes = Codes de secours restants
admin-js-fact-addresses = Adresses
admin-js-confirmed = confirmée
admin-js-unconfirmed = non confirmée
admin-js-fact-sessions = Sessions actives
admin-js-fact-last-sign-in = Dernière connexion
admin-js-no-reason = ⚠ aucun motif donné
admin-js-the-person = la personne
admin-js-secret = Le secret de { $app }. Copiez-le maintenant dans les réglages de l'application : il ne sera plus affiché.
admin-js-confidential = confidentielle
admin-js-public = publique
admin-js-own-app = application propre
admin-js-third-party = tierce partie
admin-js-from-config = configuration
admin-js-from-page = cette page
admin-js-new-secret = Nouveau secret
admin-js-new-secret-label = Nouveau secret pour { $app }
admin-js-remove = Supprimer
admin-js-remove-label = Supprimer { $app }
admin-js-app-removed = { $app } est supprimée : toutes les personnes qui y étaient connectées en sont déconnectées.
admin-js-series-passkey = Connexions par clé d'accès
admin-js-series-email = Connexions par e-mail
admin-js-series-failures = Échecs de clé d'accès
admin-js-series-saved = Clés d'accès enregistrées après l'e-mail
admin-js-step-passkey_started = Connexion par clé d'accès commencée
admin-js-step-passkey_failed = Connexion par clé d'accès échouée
admin-js-step-signed_in = Connecté
admin-js-step-email_offered = « Utiliser l'e-mail à la place » affiché
admin-js-step-email_chosen = « Utiliser l'e-mail à la place » choisi
admin-js-step-code_requested = Code par e-mail demandé
admin-js-step-code_expired = Code ou lien expiré essayé
admin-js-step-link_opened = Lien de l'e-mail ouvert
admin-js-step-passkey_saved = Clé d'accès enregistrée
admin-js-step-recovery_requested = Récupération demandée
admin-js-step-recovery_approved = Récupération approuvée
admin-js-step-recovery_issued = Lien de récupération émis
admin-js-step-recovery_cancelled = Lien de récupération annulé
admin-js-step-prompt_shown = Question de migration affichée
admin-js-step-prompt_put_off = Question de migration reportée
admin-js-step-password_disabled = Mot de passe désactivé
admin-js-people = { $people ->
    [one] { $people } personne s'est connectée par e-mail sur cette période ; { $saved } ont ensuite enregistré une clé d'accès.
   *[other] { $people } personnes se sont connectées par e-mail sur cette période ; { $saved } ont ensuite enregistré une clé d'accès.
}
admin-js-chart-hours = Heures depuis le { $since } ; barre la plus haute : { $highest }
admin-js-chart-days = Jours depuis le { $since } ; barre la plus haute : { $highest }
admin-js-migration = { $accounts ->
    [one] { $accounts } compte importé
   *[other] { $accounts } comptes importés
} : { $passkey } avec une clé d'accès, { $password } avec encore un mot de passe, { $disabled ->
    [one] { $disabled } mot de passe désactivé
   *[other] { $disabled } mots de passe désactivés
} ; { $sign_ins ->
    [one] { $sign_ins } connexion par mot de passe
   *[other] { $sign_ins } connexions par mot de passe
} ces 30 derniers jours.
admin-js-prompts = « Passer à la connexion sans mot de passe ? » posée { $shown ->
    [one] { $shown } fois
   *[other] { $shown } fois
} : { $accepted } ont enregistré une clé d'accès ; { $automatic ->
    [one] { $automatic } clé d'accès enregistrée
   *[other] { $automatic } clés d'accès enregistrées
} automatiquement par un gestionnaire de mots de passe ; « Désactiver le mot de passe ? » posée { $disable } fois ; { $put_off ->
    [one] { $put_off } question reportée
   *[other] { $put_off } questions reportées
}.
admin-js-pending = { $when } : { $reason }, vérifié par { $verification }
admin-js-approve = Approuver
admin-js-issued = Lien de récupération émis ; il fonctionne jusqu'au { $until } UTC.
admin-js-issued-cooling = Lien de récupération émis ; il fonctionne à partir du { $from } UTC, après le délai de réflexion, jusqu'au { $until } UTC.
admin-js-notified = { $count ->
    [one] { $count } adresse confirmée prévenue.
   *[other] { $count } adresses confirmées prévenues.
} Copiez-le maintenant : il ne sera plus affiché.
admin-js-needs-approval = Ce compte demande l'approbation d'une seconde personne : le lien existe dès qu'une clé d'une autre personne approuve la demande.
admin-js-registered = { $app } est enregistrée.
