# Die gehosteten Seiten (src/ui/templates). { $product } ist der Produktname.

language-name = Deutsch
language-menu = Sprache

## Gemeinsam
common-go-to-sign-in = Zur Anmeldeseite
common-email = E-Mail
common-code-from-email = Code aus der E-Mail
common-send-new-code = Neuen Code senden
common-use-different-email = Andere E-Mail-Adresse verwenden
common-not-now = Nicht jetzt
common-later = Später
common-continue = Weiter
common-sign-in = Anmelden
common-sign-out = Abmelden
common-save-passkey = Passkey speichern
common-not-signed-in = Sie sind nicht angemeldet.
common-back-to-sign-in = Zurück zur Anmeldung
common-js-needed-site = Aktivieren Sie JavaScript für diese Website.

## Titel
title-sign-in = Anmelden
title-create-account = Konto erstellen
title-confirm-address = E-Mail-Adresse bestätigen
title-recover = Konto wiederherstellen
title-confirm-its-you = Bestätigen Sie, dass Sie es sind
title-allow-app = Eine App zulassen
title-sign-out = Abmelden
title-save-passkey = Passkey speichern
title-remove-passkey = Passkey entfernen
title-cancel-recovery = Wiederherstellungslink widerrufen
title-account = Ihr Konto
title-outbox = Entwickler-Postausgang

## Anmeldeseite
login-heading = Anmelden
login-noscript = Passkeys brauchen JavaScript. Aktivieren Sie JavaScript für diese Website, um sich mit Ihrem Passkey oder mit einem Code per E-Mail anzumelden.
login-passkey = Mit Passkey anmelden
login-use-email = Stattdessen E-Mail verwenden
login-trouble = Häufige Gründe, warum ein Passkey hier nicht funktioniert:
login-cant-use-passkey = Passkey nicht verfügbar?
login-email-explain = Wir senden Ihnen einen Einmalcode und einen Anmeldelink per E-Mail.
login-email-help = Verwenden Sie die Adresse, die Sie für Ihr Konto bestätigt haben. Bietet Ihr Browser in diesem Feld einen gespeicherten Passkey an, können Sie stattdessen diesen wählen.
login-send-link = Link senden
login-with-code = Mit Code anmelden
login-backup-summary = Backup-Code verwenden
login-backup-explain = Kein Passkey und keine E-Mail zur Hand? Verwenden Sie einen der Backup-Codes, die Sie gespeichert haben.
login-account-email = E-Mail-Adresse des Kontos
login-backup-code = Backup-Code
login-with-backup-code = Mit Backup-Code anmelden
login-other-summary = Andere Methode verwenden
login-password-explain = Haben Sie noch ein Passwort aus der Zeit vor Passkeys? Melden Sie sich damit an und wechseln Sie dann zu einem Passkey.
login-password = Passwort
login-with-password = Mit Passwort anmelden
login-new-here = Neu hier?
login-create-account = Konto erstellen
login-password-off-heading = Passwort deaktivieren?
login-password-off-explain = Sie melden sich seit einiger Zeit mit Passkeys an. Schalten Sie das alte Passwort aus, damit sich niemand mehr damit anmelden kann. Es lässt sich nicht wieder einschalten; per E-Mail kommen Sie weiterhin in Ihr Konto.
login-password-off = Passwort deaktivieren

## Angebot, einen Passkey zu speichern
offer-heading = Sie sind angemeldet. Einen Passkey auf diesem Gerät speichern?
offer-detail = Melden Sie sich nächstes Mal mit Fingerabdruck, Gesicht oder Bildschirmsperre an, statt auf eine E-Mail zu warten.

## Registrierung
signup-heading = Konto erstellen
signup-noscript = Passkeys brauchen JavaScript. Aktivieren Sie JavaScript für diese Website, um Ihr Konto zu erstellen.
signup-email-help = Kein Passwort nötig: Wir senden Ihnen einen Code, um die Adresse zu bestätigen; dann speichert Ihr Gerät einen Passkey, entsperrt mit Fingerabdruck, Gesicht oder Bildschirmsperre.
signup-create = Konto mit Passkey erstellen
signup-have-account = Sie haben schon ein Konto?
signup-confirm = Bestätigen und Passkey erstellen
signup-saved-heading = ✓ Passkey auf diesem Gerät gespeichert
signup-another-explain = Einen weiteren Passkey als Reserve speichern? Geht dieses Gerät verloren oder wird es zurückgesetzt, meldet Sie der andere weiterhin an.
signup-another-phone = Auf dem Smartphone
signup-another-key = Auf einem Sicherheitsschlüssel
signup-backup-heading = Noch ein Weg zurück: Backup-Codes
signup-backup-explain = Zehn Einmalcodes zum Aufbewahren auf Papier oder im Passwortmanager. Sind Ihre Passkeys einmal nicht erreichbar, melden Sie Ihre E-Mail-Adresse und ein Code an.
backup-create = Backup-Codes erstellen

## Blatt mit Backup-Codes
backup-sheet-heading = Ihre neuen Backup-Codes
backup-sheet-account = Konto:
backup-sheet-save = Speichern Sie sie jetzt: Sie werden nur dieses eine Mal angezeigt. Jeder Code funktioniert einmal.
backup-sheet-replaced = Ihre bisherigen Codes funktionieren nicht mehr.
backup-download = Herunterladen (.txt)
backup-print = Drucken

## Seite des Anmeldelinks
link-heading = Bei { $product } anmelden
link-noscript = Diese Seite braucht JavaScript, um die Anmeldung abzuschließen. Geben Sie ohne JavaScript den Code aus der E-Mail auf der Anmeldeseite ein.
link-explain = Sie haben einen Anmeldelink geöffnet. Drücken Sie die Schaltfläche, um sich auf diesem Gerät anzumelden.
link-account = Dieser Link meldet Sie bei diesem Konto an:
link-not-you-label = Nicht Sie?
link-not-you = Drücken Sie nicht auf Anmelden: Jemand versucht vielleicht, diesen Browser bei seinem eigenen Konto anzumelden. Schließen Sie diese Seite; nichts passiert, bevor Sie die Schaltfläche drücken.

## Seite des Bestätigungslinks
verify-link-noscript = Diese Seite braucht JavaScript, um Ihre Adresse zu bestätigen. Geben Sie ohne JavaScript den Code aus der E-Mail auf Ihrer Kontoseite ein.
verify-link-explain = Drücken Sie die Schaltfläche, um diese Adresse für Ihr { $product }-Konto zu bestätigen.
verify-link-confirm = Meine Adresse bestätigen
verify-link-account = Zu Ihrem Konto

## Adresse bestätigen (Kontoseite)
verify-sent = Wir haben einen Code an Ihre E-Mail-Adresse gesendet. Geben Sie ihn ein, um die Adresse zu bestätigen: Dann bringt sie Sie zurück in Ihr Konto, wenn kein Passkey zur Hand ist.
verify-confirm = Adresse bestätigen

## Wiederherstellung
recovery-heading = Konto wiederherstellen
recovery-noscript = Die Wiederherstellung speichert einen neuen Passkey und braucht dafür JavaScript. Aktivieren Sie JavaScript für diese Website und öffnen Sie den Link erneut.
recovery-explain = Der Support hat Ihnen diesen Link gegeben, damit Sie wieder in Ihr { $product }-Konto kommen. Drücken Sie die Schaltfläche, um auf diesem Gerät fortzufahren; danach speichern Sie einen neuen Passkey.
recovery-not-asked = Sie haben den Support nicht um Hilfe gebeten? Schließen Sie diese Seite: Nichts passiert, bevor Sie die Schaltfläche drücken. Verwenden Sie dann „Das war ich nicht“ in der E-Mail, die wir Ihnen gesendet haben.
recovery-save-heading = Neuen Passkey speichern
recovery-save-explain = Dieses Gerät speichert einen Passkey für Ihr Konto, entsperrt mit Fingerabdruck, Gesicht oder Bildschirmsperre. Bis er gespeichert ist, kann diese Anmeldung nichts anderes.
recovery-stop = Abbrechen und abmelden

## Bestätigung mit Passkey
step-up-noscript = Die Bestätigung mit einem Passkey braucht JavaScript.
step-up-explain = Dieser Schritt braucht eine Anmeldung mit Passkey. Verwenden Sie den Passkey auf diesem Gerät (Fingerabdruck, Gesicht oder Bildschirmsperre), dann geht es direkt zurück.
step-up-use-passkey = Passkey verwenden
step-up-no-passkey = Kein Passkey auf diesem Gerät? Melden Sie sich per E-Mail an und speichern Sie einen auf Ihrer Kontoseite, oder verwenden Sie ein Gerät, das einen hat.
step-up-account-page = Ihre Kontoseite
step-up-sign-in = Mit Ihrem Passkey anmelden

## Passkey nachholen (Konto mit hohem Schutzbedarf)
re-enrol-heading = Noch ein Schritt: einen Passkey auf diesem Gerät speichern
re-enrol-noscript = Das Speichern eines Passkeys braucht JavaScript.
re-enrol-explain = { $limited ->
    [yes] Sie haben sich ohne Passkey angemeldet, und dieses Konto braucht mehr Schutz, als eine E-Mail oder ein Backup-Code bietet. Bis Sie hier einen Passkey speichern, ist Ihr Konto auf wenige unkritische Dinge beschränkt.
   *[no] Sie haben sich ohne Passkey angemeldet, und dieses Konto braucht mehr Schutz, als eine E-Mail oder ein Backup-Code bietet. Bis Sie hier einen Passkey speichern, ist Ihr Konto eingeschränkt.
}
re-enrol-unlock = Ihr Gerät entsperrt den Passkey mit Fingerabdruck, Gesicht oder Bildschirmsperre. Jede Adresse des Kontos erfährt, dass ein Passkey hinzugefügt wurde.
re-enrol-limited-heading = Oder eingeschränkt weitermachen
re-enrol-limited-can = Ohne Passkey können Sie weiterhin:
re-enrol-continue = Eingeschränkt weitermachen
re-enrol-sign-in-first = Zuerst anmelden

## „Das war ich nicht“
disown-heading = Einen Passkey entfernen, den Sie nicht gespeichert haben
disown-noscript = Dafür ist JavaScript nötig. Aktivieren Sie es für diese Website und öffnen Sie den Link erneut, oder wenden Sie sich an den Support.
disown-explain = Wir haben Ihnen geschrieben, weil nach einer Anmeldung per E-Mail ein neuer Passkey in Ihrem Konto gespeichert wurde. Waren Sie das nicht, entfernen Sie ihn: Er funktioniert dann nicht mehr, und jede Sitzung, die er geöffnet hat, wird abgemeldet.
disown-confirm = Das war ich nicht: Passkey entfernen
disown-saved-it = Haben Sie ihn selbst gespeichert, schließen Sie diese Seite. Ändern Sie danach das Passwort Ihres E-Mail-Kontos: Wer ihn gespeichert hat, konnte Ihre E-Mails lesen.
cancel-heading = Wiederherstellungslink widerrufen
cancel-noscript = Das Widerrufen braucht JavaScript. Aktivieren Sie es für diese Website und öffnen Sie den Link erneut, oder wenden Sie sich an den Support.
cancel-explain = Wir haben Ihnen geschrieben, weil der Support einen Wiederherstellungslink für Ihr Konto ausgestellt hat. Haben Sie den Support nicht um Hilfe gebeten, versucht vielleicht jemand, Ihr Konto zu übernehmen: Widerrufen Sie den Link, dann funktioniert er für niemanden.
cancel-confirm = Das war ich nicht: Link widerrufen
cancel-asked = Haben Sie den Support um Hilfe gebeten, schließen Sie diese Seite.

## Zustimmung (eine App bittet um Zugriff)
consent-heading = { $client } zulassen?
consent-noscript = Dieser Schritt braucht JavaScript.
consent-explain = { $client } möchte Sie mit Ihrem { $product }-Konto anmelden und Folgendes sehen:
consent-take-back = Sie können das jederzeit auf Ihrer Kontoseite zurücknehmen.
consent-allow = Zulassen
consent-deny = Nicht zulassen
scope-openid = wer Sie sind: die Kennung Ihres Kontos
scope-email = Ihre E-Mail-Adresse
scope-offline_access = dass Sie dort angemeldet bleiben, solange Ihre Sitzung hier besteht

## Abmeldung durch eine App
logout-heading = Von { $product } abmelden?
logout-noscript = Die Abmeldung hier braucht JavaScript. Aktivieren Sie JavaScript für diese Website oder melden Sie sich auf Ihrer Kontoseite ab.
logout-explain = Eine App hat darum gebeten, Sie abzumelden. Damit melden Sie sich auf diesem Gerät von { $product } ab; Apps, die Sie darüber nutzen, fragen erneut nach einer Anmeldung.
logout-didnt-ask = Nicht von Ihnen veranlasst?
logout-stay = Angemeldet bleiben

## Kontoseite
account-heading = Ihr Konto
account-cooling = Dieser Passkey ist neu und wurde nach einer Anmeldung per E-Mail gespeichert; deshalb wartet er eine Weile, bevor er alles freischaltet. Einer Ihrer anderen Passkeys oder ein Backup-Code kann ihn jetzt bestätigen.
account-limited = Eingeschränkte Sitzung.
account-confirm-passkey = Mit einem anderen Passkey bestätigen
account-confirm-code-label = Oder mit einem Backup-Code
account-confirm-code = Mit Backup-Code bestätigen
account-restricted = Sie haben sich ohne Passkey angemeldet, und dieses Konto braucht mehr Schutz: Einige Änderungen bleiben gesperrt, bis Sie auf diesem Gerät einen Passkey speichern.
account-save-here = Passkey auf diesem Gerät speichern
account-recovered = Ihr Konto ist wiederhergestellt und Ihr neuer Passkey gespeichert. Alle anderen Sitzungen wurden abgemeldet. Erstellen Sie unten neue Backup-Codes.
account-signed-in-as = Angemeldet als
account-confirmed = (bestätigt)
account-noscript = Die Verwaltung Ihres Kontos braucht JavaScript.
account-unconfirmed = Ihre E-Mail-Adresse ist noch nicht bestätigt. Bestätigen Sie sie, damit ein Code per E-Mail Sie zurück in Ihr Konto bringen kann, wenn kein Passkey zur Hand ist.
account-send-confirmation = Bestätigungscode senden
account-passkeys = Passkeys
account-col-name = Name
account-col-created = Erstellt
account-col-last-used = Zuletzt verwendet
account-col-device = Gerät
account-col-synced = Synchronisiert
account-col-actions = Aktionen
account-never = Nie
device-security_key = Sicherheitsschlüssel
device-phone = Smartphone oder Tablet
device-built_in = Eingebaut
device-unknown = Unbekannt
account-synced-yes = Ja
account-synced-can = Synchronisierbar
account-synced-no = Nur dieses Gerät
account-rename = Umbenennen
account-rename-label = { $name } umbenennen
account-remove = Entfernen
account-remove-label = { $name } entfernen
account-no-passkey = Sie haben noch keinen Passkey. Speichern Sie einen auf diesem Gerät, um sich mit einem Tippen anzumelden.
account-one-passkey = Sie haben einen Passkey. Fügen Sie einen weiteren auf einem zweiten Gerät hinzu, damit Sie der Verlust eines Geräts nicht aussperrt.
account-passkey-here = Dieses Gerät
added-via-sign_up = bei der Registrierung
added-via-account = in Ihrem Konto
added-via-recovery = mit einem Wiederherstellungslink
added-via-upgrade = nach einer Anmeldung mit Passwort
added-via-re_enrol = nach einer Anmeldung ohne Passkey
account-recovered-others = { $count ->
    [one] Ihr Konto hat noch 1 Passkey von vor der Wiederherstellung. Ist er verloren oder könnte ihn jemand anderes haben, entfernen Sie ihn.
   *[other] Ihr Konto hat noch { $count } Passkeys von vor der Wiederherstellung. Sind sie verloren oder könnte sie jemand anderes haben, entfernen Sie sie.
}
account-remove-others = { $count ->
    [one] Den anderen Passkey entfernen
   *[other] Die { $count } anderen Passkeys entfernen
}
account-add-passkey = Weiteren Passkey hinzufügen
account-backup-heading = Backup-Codes
account-backup-status = { $remaining ->
    [one] Sie haben 1 unbenutzten Backup-Code. Er meldet Sie einmal an, zusammen mit Ihrer E-Mail-Adresse, wenn Ihre Passkeys nicht erreichbar sind.
   *[other] Sie haben { $remaining } unbenutzte Backup-Codes. Jeder meldet Sie einmal an, zusammen mit Ihrer E-Mail-Adresse, wenn Ihre Passkeys nicht erreichbar sind.
}
account-backup-none = Noch keine Backup-Codes. Zehn Einmalcodes, auf Papier oder im Passwortmanager aufbewahrt, bringen Sie in Ihr Konto, wenn Ihre Passkeys und Ihre E-Mails nicht erreichbar sind.
account-backup-low = { $remaining ->
    [0] Keiner mehr übrig: Erstellen Sie einen neuen Satz.
    [one] Nur noch 1 übrig: Erstellen Sie einen neuen Satz.
   *[other] Nur noch { $remaining } übrig: Erstellen Sie einen neuen Satz.
}
account-backup-new = Neue Backup-Codes erstellen
account-password-heading = Passwort
account-password-on = Passwort: an. Sie können sich weiterhin mit dem Passwort aus der Zeit vor Passkeys anmelden; schalten Sie es aus, sobald Ihre Passkeys für Sie funktionieren. Es lässt sich nicht wieder einschalten.
account-password-off = Passwort ausschalten
account-sessions-heading = Wo Sie angemeldet sind
account-this-device = Dieses Gerät: { $device }, angemeldet am { $when } UTC mit { $way }.
way-in-passkey = einem Passkey
way-in-code = einem Code oder Link per E-Mail
way-in-lookup_secret = einem Backup-Code
way-in-recovery = einem Wiederherstellungslink
way-in-password = einem Passwort
account-col-signed-in = Angemeldet
account-col-last-active = Zuletzt aktiv
account-col-with = Mit
account-limited-mark = (eingeschränkt)
account-sign-out-label = { $device } abmelden, angemeldet am { $when }
account-sign-out-all = Überall sonst abmelden
account-nowhere-else = Sie sind nirgendwo sonst angemeldet.
account-apps-heading = Apps, bei denen Sie sich mit diesem Konto angemeldet haben
account-col-app = App
account-col-last-signed-in = Zuletzt angemeldet
account-col-allowed = Darf sehen
account-app-not-now = derzeit nicht angemeldet
account-app-own = Ihr Konto (eine eigene App dieser Website)
account-remove-access = Zugriff entfernen
account-remove-access-label = Zugriff von { $app } entfernen
account-apps-help = Wenn Sie den Zugriff entfernen, werden Sie von der App abgemeldet, und sie kann Ihr Konto erst wieder nutzen, wenn Sie sich dort erneut anmelden.

## Entwickler-Postausgang
outbox-notice = Entwicklungsmodus: E-Mails werden nicht versendet, sondern landen hier (neueste zuerst) und in der Konsole.
outbox-to = An { $recipient }
outbox-empty = Noch keine Nachrichten.
