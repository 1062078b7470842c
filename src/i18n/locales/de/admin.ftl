# Die Admin-Seite (src/ui/templates/admin.html, src/ui/static/admin.js), für den Support.

admin-title = Verwaltung
admin-brand = { $product } Verwaltung
admin-sign-out = Abmelden
admin-noscript = Die Verwaltungsseite braucht JavaScript.
admin-sign-in-heading = Anmeldung für die Verwaltung
admin-key = Admin-API-Schlüssel
admin-key-help = Erstellen Sie einen mit latchkey admin keys create --name "…" --role support. Er bleibt nur in diesem Tab und wird vergessen, wenn der Tab geschlossen wird.
admin-sign-in = Anmelden
admin-find-heading = Eine Identität finden
admin-search-label = E-Mail-Adresse (oder ein Teil davon)
admin-search = Suchen
admin-found = Gefundene Identitäten
admin-col-email = E-Mail
admin-col-state = Status
admin-col-tier = Stufe
admin-col-open = Öffnen
admin-health-heading = Zustand der Anmeldung
admin-period = Zeitraum
admin-last-day = Letzte 24 Stunden
admin-last-week = Letzte 7 Tage
admin-chart-title = Anmeldungen mit Passkey und per E-Mail, fehlgeschlagene Passkeys und nach einer E-Mail-Anmeldung gespeicherte Passkeys
admin-steps = Anmeldeschritte im Zeitraum, nach Stufe
admin-col-step = Schritt
admin-col-standard = Standard
admin-col-high-value = Hoher Schutzbedarf
admin-col-unknown = Bevor das Konto bekannt ist
admin-migration-heading = Umstieg von Passwörtern
admin-cohorts = Importierte Konten nach Importtag
admin-col-imported-on = Importiert am
admin-col-accounts = Konten
admin-col-with-passkey = Mit Passkey
admin-col-password-on = Passwort noch an
admin-apps-heading = Apps, die Personen anmelden (OpenID Connect)
admin-apps = Apps
admin-col-app = App
admin-col-kind = Art
admin-col-redirects = Weiterleitungs-URIs
admin-col-from = Aus
admin-col-actions = Aktionen
admin-register-summary = Eine App registrieren
admin-register-help = Nur mit Admin-Schlüsseln. Eine vertrauliche App (ein Webserver) erhält ein Geheimnis, das einmal angezeigt wird; eine öffentliche (Single-Page- oder native App) weist sich allein mit PKCE aus.
admin-client-id = Client-ID
admin-client-name = Name, den Personen sehen
admin-client-redirects = Weiterleitungs-URIs, eine pro Zeile (genau verglichen)
admin-client-logout = Adressen für die Rückkehr nach der Abmeldung, eine pro Zeile
admin-client-may = Sie darf erhalten
admin-client-email = die E-Mail-Adresse der Person
admin-client-refresh = Refresh-Tokens (bleibt angemeldet, solange die Sitzung besteht)
admin-client-confidential = Vertraulich (hat ein Geheimnis)
admin-client-first-party = Eigene App dieser Organisation (keine Zustimmungsseite)
admin-register = App registrieren
admin-client-secret = Client-Geheimnis
admin-pending-heading = Wiederherstellungsanfragen, die auf Freigabe warten
admin-recovery-heading = Einen Wiederherstellungslink ausstellen
admin-recovery-help = Nur nachdem Sie die Person auf einem anderen Weg geprüft haben. Übergeben Sie den Link über einen geprüften Kanal; die Person wird an jeder bestätigten Adresse benachrichtigt und kann ihn widerrufen.
admin-reason = Grund
admin-reason-lost = Passkeys verloren und kein Zugang zur E-Mail
admin-reason-compromised = E-Mail-Konto kompromittiert
admin-reason-other = Anderes (unten erklären)
admin-reason-details = Einzelheiten
admin-reason-details-help = (Pflicht bei „Anderes“)
admin-verification = Wie Sie die Person geprüft haben
admin-verification-callback = Rückruf an eine hinterlegte Telefonnummer
admin-verification-video = Videoanruf
admin-verification-document = Ausweisdokument geprüft
admin-verification-other = Anderes (unten erklären)
admin-verification-notes = Notizen zur Prüfung
admin-link-works-for = Link gilt für
admin-issue = Wiederherstellungslink ausstellen
admin-recovery-link = Wiederherstellungslink
admin-identity-apps-heading = Apps mit Anmeldung
admin-col-live = Aktive Anmeldungen
admin-col-last-signed-in = Zuletzt angemeldet
admin-col-allowed = Erlaubt
admin-links-heading = Wiederherstellungslinks
admin-col-created = Erstellt
admin-col-status = Status
admin-col-verification = Prüfung
admin-history-heading = Prüfprotokoll
admin-col-time = Zeit
admin-col-action = Aktion
admin-col-by = Von

## Das Skript der Admin-Seite
admin-js-failed = Etwas ist schiefgelaufen. Versuchen Sie es noch einmal.
admin-js-failed-reference = { $message } (Referenz { $reference })
admin-js-never = nie
admin-js-open = Öffnen
admin-js-open-label = { $email } öffnen
admin-js-high-value = hoher Schutzbedarf
admin-js-standard = Standard
admin-js-found = { $count ->
    [one] 1 gefunden.
   *[other] { $count } gefunden.
}
admin-js-no-consent = (keine Zustimmung nötig)
admin-js-remove-access = Zugriff entfernen
admin-js-remove-access-label = Zugriff von { $app } entfernen
admin-js-access-removed = { $app } hat keinen Zugriff mehr: Seine Tokens funktionieren nicht mehr.
admin-js-fact-state = Status
admin-js-fact-tier = Stufe
admin-js-tier-high-value = hoher Schutzbedarf (Wiederherstellung braucht einen Admin-Schlüssel und eine zweite Freigabe)
admin-js-fact-passkeys = Passkeys
admin-js-fact-codes = Verbleibende Backup-Codes
admin-js-fact-addresses = Adressen
admin-js-confirmed = bestätigt
admin-js-unconfirmed = nicht bestätigt
admin-js-fact-sessions = Aktive Sitzungen
admin-js-fact-last-sign-in = Letzte Anmeldung
admin-js-no-reason = ⚠ kein Grund angegeben
admin-js-the-person = die Person
admin-js-secret = Das Geheimnis von { $app }. Kopieren Sie es jetzt in die Einstellungen der App: Es wird nicht noch einmal angezeigt.
admin-js-confidential = vertraulich
admin-js-public = öffentlich
admin-js-own-app = eigene App
admin-js-third-party = Drittanbieter
admin-js-from-config = Konfiguration
admin-js-from-page = diese Seite
admin-js-new-secret = Neues Geheimnis
admin-js-new-secret-label = Neues Geheimnis für { $app }
admin-js-remove = Entfernen
admin-js-remove-label = { $app } entfernen
admin-js-app-removed = { $app } ist entfernt: Alle, die dort angemeldet waren, sind abgemeldet.
admin-js-series-passkey = Anmeldungen mit Passkey
admin-js-series-email = Anmeldungen per E-Mail
admin-js-series-failures = Fehlgeschlagene Passkeys
admin-js-series-saved = Passkeys nach E-Mail gespeichert
admin-js-step-passkey_started = Passkey-Anmeldung begonnen
admin-js-step-passkey_failed = Passkey-Anmeldung fehlgeschlagen
admin-js-step-signed_in = Angemeldet
admin-js-step-email_offered = „Stattdessen E-Mail verwenden“ angezeigt
admin-js-step-email_chosen = „Stattdessen E-Mail verwenden“ gedrückt
admin-js-step-code_requested = E-Mail-Code angefordert
admin-js-step-code_expired = Abgelaufener Code oder Link versucht
admin-js-step-link_opened = E-Mail-Link geöffnet
admin-js-step-passkey_saved = Passkey gespeichert
admin-js-step-recovery_requested = Wiederherstellung angefragt
admin-js-step-recovery_approved = Wiederherstellung freigegeben
admin-js-step-recovery_issued = Wiederherstellungslink ausgestellt
admin-js-step-recovery_cancelled = Wiederherstellungslink widerrufen
admin-js-step-prompt_shown = Umstiegsfrage angezeigt
admin-js-step-prompt_put_off = Umstiegsfrage verschoben
admin-js-step-password_disabled = Passwort ausgeschaltet
admin-js-people = { $people ->
    [one] 1 Person hat sich in diesem Zeitraum per E-Mail angemeldet; { $saved } davon haben danach einen Passkey gespeichert.
   *[other] { $people } Personen haben sich in diesem Zeitraum per E-Mail angemeldet; { $saved } davon haben danach einen Passkey gespeichert.
}
admin-js-chart-hours = Stunden seit { $since }; höchster Balken { $highest }
admin-js-chart-days = Tage seit { $since }; höchster Balken { $highest }
admin-js-migration = { $accounts ->
    [one] 1 importiertes Konto
   *[other] { $accounts } importierte Konten
}: { $passkey } mit Passkey, { $password } noch mit Passwort, { $disabled ->
    [one] 1 Passwort
   *[other] { $disabled } Passwörter
} ausgeschaltet; { $sign_ins ->
    [one] 1 Anmeldung mit Passwort
   *[other] { $sign_ins } Anmeldungen mit Passwort
} in den letzten 30 Tagen.
admin-js-prompts = „Zur Anmeldung ohne Passwort wechseln?“ { $shown ->
    [one] 1-mal
   *[other] { $shown }-mal
} gefragt: { $accepted } haben einen Passkey gespeichert; { $automatic ->
    [one] 1 Passkey
   *[other] { $automatic } Passkeys
} automatisch von einem Passwortmanager gespeichert; „Passwort deaktivieren?“ { $disable ->
    [one] 1-mal
   *[other] { $disable }-mal
} gefragt; { $put_off ->
    [one] 1 Frage
   *[other] { $put_off } Fragen
} verschoben.
admin-js-pending = { $when }: { $reason }, geprüft durch { $verification }
admin-js-approve = Freigeben
admin-js-issued = Wiederherstellungslink ausgestellt; er gilt bis { $until } UTC.
admin-js-issued-cooling = Wiederherstellungslink ausgestellt; er gilt ab { $from } UTC, nach der Wartezeit, bis { $until } UTC.
admin-js-notified = { $count ->
    [one] 1 bestätigte Adresse benachrichtigt.
   *[other] { $count } bestätigte Adressen benachrichtigt.
} Kopieren Sie ihn jetzt: Er wird nicht noch einmal angezeigt.
admin-js-needs-approval = Dieses Konto braucht die Freigabe einer zweiten Person: Der Link entsteht, sobald ein Schlüssel einer anderen Person die Anfrage freigibt.
admin-js-registered = { $app } ist registriert.
