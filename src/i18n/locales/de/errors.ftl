# Fehlertexte (`error.message`; die `error.id` ändert sich nie).

error-session_missing = Keine gültige Sitzung gefunden. Melden Sie sich an und versuchen Sie es erneut.
error-passkey_challenge_invalid = Dieser Anmeldeversuch ist nicht mehr gültig. Beginnen Sie von vorn.
error-passkey_challenge_expired = Dieser Anmeldeversuch hat zu lange gedauert und ist abgelaufen. Beginnen Sie von vorn.
error-flow_mismatch = Diese Anfrage gehört nicht zu dem Ablauf, den sie nennt.
error-passkey_verification_failed = Der Passkey konnte nicht geprüft werden. Versuchen Sie es noch einmal oder melden Sie sich auf anderem Weg an.
error-passkey_unknown = Dieser Passkey ist hier nicht mehr registriert (vielleicht wurde er aus Ihrem Konto entfernt). Verwenden Sie einen anderen Passkey oder melden Sie sich per E-Mail an.
error-passkey_user_verification_required = Ihr Gerät hat nicht geprüft, dass Sie es sind (PIN, Fingerabdruck oder Gesicht). Versuchen Sie es noch einmal.
error-passkey_possible_clone = Dieser Passkey wurde abgelehnt, weil er möglicherweise kopiert wurde. Melden Sie sich auf anderem Weg an und wenden Sie sich an den Support.
error-passkey_already_registered = Dieser Passkey ist bereits registriert.
error-identity_exists = Ein Konto mit dieser E-Mail-Adresse gibt es bereits. Melden Sie sich stattdessen an.
error-password_registration_forbidden = latchkey legt für neue Konten keine Passwörter an. Registrieren Sie sich mit einem Passkey.
error-identity_inactive = Dieses Konto ist deaktiviert. Wenden Sie sich an den Support.
error-csrf_violation = Diese Anfrage wurde abgelehnt, weil sie nicht von dieser Website kam. Laden Sie die Seite neu und versuchen Sie es erneut.
error-wrong_address = Diese Seite wurde unter { $opened } geöffnet, die Anmeldung dieser Website liegt aber unter { $site }. Öffnen Sie sie dort: Passkeys funktionieren nur unter dieser Adresse.
error-code_expired = Dieser Code ist abgelaufen oder wurde schon verwendet. Fordern Sie einen neuen an.
error-code_invalid = { $tries ->
    [one] Dieser Code stimmt nicht. Noch 1 Versuch.
   *[other] Dieser Code stimmt nicht. Noch { $tries } Versuche.
}
error-code_attempts_exhausted = Auch dieser Code stimmte nicht, und es war der letzte Versuch. Fordern Sie einen neuen Code an.
error-link_invalid = Dieser Link ist abgelaufen oder wurde schon verwendet. Fordern Sie einen neuen an.
error-rate_limited = Zu viele Versuche. Versuchen Sie es in { $wait } erneut, oder melden Sie sich bis dahin mit Ihrem Passkey oder einem Backup-Code an.
error-address_already_verified = Ihre E-Mail-Adresse ist bereits bestätigt.
error-sign_up_code_required = Bestätigen Sie zuerst Ihre E-Mail-Adresse: Fordern Sie einen Code an mit POST /self-service/registration/code und senden Sie dann dessen flow_id und Code.
error-backup_code_invalid = Dieser Backup-Code hat nicht funktioniert. Prüfen Sie E-Mail-Adresse und Code oder melden Sie sich auf anderem Weg an.
error-credentials_invalid = E-Mail-Adresse oder Passwort stimmen nicht. Melden Sie sich mit einem Passkey an oder verwenden Sie stattdessen E-Mail.
error-step_up_required = Bestätigen Sie zu Ihrer Sicherheit zuerst mit Ihrem Passkey, dass Sie es sind, und versuchen Sie es dann erneut.
error-passkey_last_one = Das ist Ihr einziger Passkey. Fügen Sie zuerst einen weiteren hinzu und entfernen Sie dann diesen.
error-method_disabled = Diese Anmeldemethode ist auf diesem Server nicht aktiviert.
error-admin_key_missing = Senden Sie einen Admin-API-Schlüssel: Authorization: Bearer <key> (erstellen mit `latchkey admin keys create`).
error-admin_key_invalid = Dieser Admin-API-Schlüssel ist ungültig: Er ist unbekannt oder wurde widerrufen.
error-recovery_reason_required = Geben Sie an, warum der Link nötig ist und wie die Person geprüft wurde: Senden Sie `reason` und `verification`.
error-recovery_not_pending = Diese Wiederherstellungsanfrage wartet nicht mehr auf Freigabe.
error-recovery_link_invalid = Dieser Wiederherstellungslink ist abgelaufen, wurde schon verwendet oder wurde widerrufen. Bitten Sie den Support um einen neuen.
error-recovery_link_not_yet_valid = Dieser Wiederherstellungslink funktioniert ab { $usable_from } (eine Sicherheitswartezeit). Öffnen Sie ihn dann erneut.
error-session_enrolment_required = Diese Sitzung stammt von einem Wiederherstellungslink: Speichern Sie zuerst einen neuen Passkey.
error-session_aal2_required = Dafür ist eine Anmeldung mit Passkey nötig (aal2). Bestätigen Sie mit Ihrem Passkey, dass Sie es sind.
error-session_restricted = Diese Sitzung entstand ohne Passkey bei einem Konto mit hohem Schutzbedarf: Speichern Sie zuerst einen Passkey auf diesem Gerät.
error-passkey_confirmation_refused = Dieser Passkey lässt sich nur mit einem Ihrer anderen Passkeys bestätigen oder mit einem Backup-Code, den Sie vor seinem Speichern erstellt haben. Sonst wird er bestätigt, wenn seine Wartezeit endet.
error-automatic_upgrade_refused = Ein Passkey wird nur direkt nach einer Anmeldung mit Passwort ohne Dialog gespeichert, und nur bei einem Konto, das noch keinen hat. Speichern Sie stattdessen einen mit der Schaltfläche „Passkey speichern“.
error-payload_too_large = Der Inhalt der Anfrage ist zu groß.
error-not_found = Nicht gefunden.
error-method_not_allowed = Diese Methode ist hier nicht erlaubt.
error-request_timeout = Der Server hat zu lange für die Antwort gebraucht. Versuchen Sie es gleich noch einmal.
error-store_unavailable = Der Dienst ist kurz nicht erreichbar. Versuchen Sie es in ein paar Sekunden erneut.
error-internal_error = Bei uns ist etwas schiefgelaufen. Versuchen Sie es gleich noch einmal.

## Eingaben, die nicht verwendet werden können (`invalid_request`)
invalid-email = Geben Sie eine gültige E-Mail-Adresse ein, etwa name@example.com.
invalid-email-undeliverable = An diese E-Mail-Adresse kann keine Post zugestellt werden. Prüfen Sie sie auf Tippfehler.
invalid-passkey-name = Der Name eines Passkeys hat 1 bis 64 Zeichen, ohne Zeilenumbrüche.
invalid-this-session = Das ist diese Sitzung: Melden Sie sich ab, um sie zu beenden.
invalid-consent-request = Diese Seite braucht die Anmeldeanfrage der App: Beginnen Sie in der App von vorn.

## A span of time, put into other messages ("15 minutes")
duration = { $unit ->
    [second] { $count ->
        [one] 1 Sekunde
       *[other] { $count } Sekunden
    }
    [minute] { $count ->
        [one] 1 Minute
       *[other] { $count } Minuten
    }
    [hour] { $count ->
        [one] 1 Stunde
       *[other] { $count } Stunden
    }
   *[day] { $count ->
        [one] 1 Tag
       *[other] { $count } Tage
    }
}
