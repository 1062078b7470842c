# Was das Skript der Seiten sagt (src/ui/static/latchkey.js). Nur Text, $Variablen und
# Auswahl nach einer Variablen (Pluralformen): Das Skript formatiert sie selbst.

js-reference = Referenz: { $id }
js-wrong-address = Sie haben diese Seite unter { $opened } geöffnet, die Anmeldung dieser Website liegt aber unter { $site }. Passkeys funktionieren nur unter dieser Adresse.
js-open = { $url } öffnen
js-failed = Etwas ist schiefgelaufen. Versuchen Sie es noch einmal.
js-ceremony-not-allowed = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen, oder auf diesem Gerät ist kein Passkey für diese Website.
js-ceremony-invalid-state = Dieses Gerät hat schon einen Passkey für dieses Konto.
js-ceremony-security = Die Adresse dieser Seite passt nicht zu der Website, zu der der Passkey gehört.
js-ceremony-aborted = Die Passkey-Anfrage wurde beendet.
js-ceremony-other = Ihr Browser konnte die Passkey-Anfrage nicht abschließen. Versuchen Sie es noch einmal.
js-no-passkeys = Dieser Browser unterstützt keine Passkeys. Versuchen Sie eine aktuelle Version von Chrome, Edge, Firefox oder Safari.
js-checking-passkey = Passkey wird geprüft…
js-signed-in = Angemeldet.
js-confirm-first = Bestätigen Sie zu Ihrer Sicherheit mit Ihrem Passkey, dass Sie es sind…
js-hint-other-device = Ihr Passkey ist auf einem anderen Gerät oder in einem anderen Browser.
js-hint-cleared = Der Passkey wurde von diesem Gerät entfernt (zum Beispiel, weil der Schlüsselbund oder die Browserdaten gelöscht wurden).
js-hint-wrong-site = Die Adresse dieser Seite ist nicht die Website, für die Ihr Passkey erstellt wurde.
js-enter-email = Geben Sie Ihre E-Mail-Adresse ein.
js-sending = Wird gesendet…
js-code-sent = Falls sich { $email } hier anmelden kann, haben wir einen Code und einen Anmeldelink dorthin gesendet. Geben Sie den Code ein oder öffnen Sie den Link auf einem beliebigen Gerät.
js-enter-code = Geben Sie den Code aus der E-Mail ein.
js-checking-code = Code wird geprüft…
js-new-code-sent = Ein neuer Code ist unterwegs. Der vorherige funktioniert nicht mehr.
js-enter-backup-code = Geben Sie einen Ihrer Backup-Codes ein.
js-backup-codes-left = { $count ->
    [0] Sie haben keine Backup-Codes mehr: Erstellen Sie auf Ihrer Kontoseite einen neuen Satz.
    [one] Sie haben noch 1 Backup-Code: Erstellen Sie auf Ihrer Kontoseite einen neuen Satz.
    [2] Sie haben noch 2 Backup-Codes: Erstellen Sie auf Ihrer Kontoseite einen neuen Satz.
   *[other] Sie haben noch { $count } Backup-Codes.
} Speichern Sie einen Passkey auf diesem Gerät, um sich nächstes Mal mit Fingerabdruck, Gesicht oder Bildschirmsperre anzumelden.
js-enter-password = Geben Sie Ihr Passwort ein.
js-checking-password = Passwort wird geprüft…
js-switch-heading = Zur Anmeldung ohne Passwort wechseln?
js-switch-detail = Schneller, sicherer, kein Passwort zum Merken: Speichern Sie einen Passkey und melden Sie sich mit Fingerabdruck, Gesicht oder Bildschirmsperre an.
js-switch-save = Passkey speichern
js-switch-skip = Weiter
js-upgraded-heading = Passkey gespeichert
js-upgraded-detail = Ihr Passwortmanager hat einen Passkey für dieses Konto gespeichert. Melden Sie sich nächstes Mal damit an statt mit Ihrem Passwort.
js-creating-passkey = Passkey wird erstellt…
js-saved-here = Passkey auf diesem Gerät gespeichert.
js-follow-phone = Folgen Sie Ihrem Browser, um einen Passkey auf Ihrem Smartphone zu speichern…
js-tap-key = Stecken Sie Ihren Sicherheitsschlüssel ein oder tippen Sie ihn an…
js-second-saved = Zweiter Passkey gespeichert.
js-waiting-passkey = Warten auf Ihren Passkey…
js-link-incomplete-code = Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus der E-Mail oder geben Sie den Code auf der Anmeldeseite ein.
js-signing-in = Sie werden angemeldet…
js-link-incomplete = Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus der E-Mail.
js-address-confirmed-thanks = { $address } ist bestätigt. Vielen Dank.
js-confirmed = Bestätigt.
js-recovery-incomplete = Dieser Link ist unvollständig. Öffnen Sie den ganzen Link, den Ihnen der Support gegeben hat.
js-checking-link = Link wird geprüft…
js-creating-new-passkey = Ihr neuer Passkey wird erstellt…
js-recovered = Passkey gespeichert. Ihr Konto ist wiederhergestellt.
js-link-incomplete-support = Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus der E-Mail oder wenden Sie sich an den Support.
js-removing-passkey = Passkey wird entfernt…
js-disowned = { $sessions ->
    [one] Der Passkey ist entfernt, und die Sitzung, die er geöffnet hat, ist abgemeldet.
   *[other] Der Passkey ist entfernt, und { $sessions } Sitzungen, die er geöffnet hat, sind abgemeldet.
}
js-disowned-more = { $more ->
    [one] Ein weiterer damit gespeicherter Passkey ist ebenfalls entfernt.
   *[other] { $more } weitere damit gespeicherte Passkeys sind ebenfalls entfernt.
}
js-disowned-codes = Die damit erstellten Backup-Codes sind gelöscht: Erstellen Sie auf Ihrer Kontoseite einen neuen Satz.
js-change-email-password = Ändern Sie jetzt das Passwort Ihres E-Mail-Kontos.
js-cancelling = Wird widerrufen…
js-recovery-cancelled = Der Wiederherstellungslink ist widerrufen: Er funktioniert für niemanden. Wenn Sie sich noch anmelden können, prüfen Sie Ihre Passkeys; sonst wenden Sie sich an den Support.
js-address-confirmed = { $address } ist bestätigt.
js-saving-passkey = Ihr Passkey wird gespeichert…
js-account-created = Konto erstellt.
js-signup-code-sent = Wir haben einen Code an { $email } gesendet. Geben Sie ihn ein, um die Adresse zu bestätigen; danach speichert Ihr Gerät Ihren Passkey.
js-new-name = Neuer Name
js-save-name = Name speichern
js-remove-confirm = Den Passkey „{ $name }“ entfernen? Er meldet Sie dann nicht mehr an.
js-backup-file-title = Backup-Codes für { $account } bei { $product }
js-backup-file-note = Jeder Code meldet einmal an, zusammen mit Ihrer E-Mail-Adresse. Halten Sie sie geheim.
js-app-removed = Der Zugriff der App ist entfernt: Sie ist abgemeldet und fragt Sie beim nächsten Mal erneut.
js-session-ended = Diese Sitzung ist abgemeldet.
js-sessions-ended = { $count ->
    [one] 1 andere Sitzung ist abgemeldet.
   *[other] { $count } andere Sitzungen sind abgemeldet.
}
js-limit-lifted = Passkey gespeichert. Ihre Sitzung ist nicht mehr eingeschränkt.
js-passkey-saved = Passkey gespeichert.
js-password-off = Passwort: aus. Sie melden sich mit Ihren Passkeys an, oder per E-Mail, wenn kein Passkey zur Hand ist.
js-backup-fresh = Sie haben 10 unbenutzte Backup-Codes.
js-backup-new = Neue Backup-Codes erstellen
js-creating-a-passkey = Passkey wird erstellt…
js-passkey-added = Passkey hinzugefügt.
js-remove-others-confirm = { $count ->
    [one] Den anderen Passkey entfernen? Dann meldet Sie nur noch der Passkey auf diesem Gerät an.
   *[other] Die { $count } anderen Passkeys entfernen? Dann meldet Sie nur noch der Passkey auf diesem Gerät an.
}
js-removing-others = Die anderen Passkeys werden entfernt…
