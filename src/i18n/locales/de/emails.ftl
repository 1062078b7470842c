# Die E-Mails (src/courier/templates): Betreff, Text und HTML teilen sich diese Texte.

email-if-not-you-ignore = Wenn Sie das nicht waren, ignorieren Sie diese E-Mail.
email-code-is = Ihr Einmalcode lautet:
email-this-wasnt-me = Das war ich nicht

## Anmeldecode und -link
email-login-code-subject = Ihr Anmeldecode für { $product }: { $code }
email-login-code-heading = Bei { $product } anmelden
email-login-code-or-link = Oder öffnen Sie diesen Link, um sich anzumelden:
email-login-code-works = Der Code funktioniert einmal, { $lifespan } lang, in der Anmeldung, die Sie begonnen haben: { $device }, { $requested_at }. Auch der Link funktioniert einmal, auf dem Gerät, das ihn öffnet: Öffnen Sie ihn nur dort, wo Sie angemeldet sein wollen.
email-login-code-nobody = Ohne den Code oder den Link kann sich niemand anmelden.

## Anmeldung mit einer Adresse, die sich nicht per E-Mail anmelden kann
email-login-unavailable-subject = Anmeldeanfrage für { $product }
email-login-unavailable-body = Jemand wollte sich mit dieser E-Mail-Adresse bei { $product } anmelden ({ $device }, { $requested_at }), aber mit ihr kann sich kein Konto per E-Mail anmelden: Entweder nutzt sie kein Konto, oder das Konto hat sie noch nicht bestätigt.
email-login-unavailable-create = Sie möchten ein Konto? Erstellen Sie eines hier:
email-login-unavailable-passkey = Sie haben eines? Melden Sie sich mit Ihrem Passkey an.

## Adresse bestätigen
email-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse für { $product }: { $code }
email-verify-heading = E-Mail-Adresse für { $product } bestätigen
email-verify-enter = Geben Sie diesen Code dort ein, wo Sie sich registriert haben:
email-verify-or-link = Oder öffnen Sie diesen Link zur Bestätigung:
email-verify-works = Bestätigt ist diese Adresse Ihr Weg zurück in Ihr Konto, wenn kein Passkey zur Hand ist. Code und Link funktionieren einmal, { $lifespan } lang ({ $device }, { $requested_at }).

## Registrierungscode
email-sign-up-subject = Ihr Registrierungscode für { $product }: { $code }
email-sign-up-heading = Ihr { $product }-Konto erstellen
email-sign-up-enter = Geben Sie diesen Code dort ein, wo Sie mit der Registrierung begonnen haben:
email-sign-up-works = Er bestätigt, dass diese Adresse Ihnen gehört; so bringt sie Sie zurück in Ihr Konto, wenn einmal kein Passkey zur Hand ist. Der Code funktioniert einmal, { $lifespan } lang, nur in der Registrierung, die Sie begonnen haben: { $device }, { $requested_at }.
email-sign-up-nothing = Ohne den Code wird kein Konto erstellt.

## Registrierung mit einer Adresse, die schon ein Konto hat
email-sign-up-exists-subject = Sie haben bereits ein { $product }-Konto
email-sign-up-exists-body = Jemand wollte mit dieser E-Mail-Adresse ein { $product }-Konto erstellen ({ $device }, { $requested_at }), aber ein Konto nutzt sie bereits.
email-sign-up-exists-sign-in = Waren Sie es, melden Sie sich stattdessen an:
email-sign-up-exists-no-passkey = Kein Passkey zur Hand? Wählen Sie dort „{ login-cant-use-passkey }“, um einen Anmeldecode per E-Mail zu erhalten.
email-sign-up-exists-nothing = An Ihrem Konto hat sich nichts geändert.

## Neue Backup-Codes
email-codes-created-subject = Neue Backup-Codes für Ihr { $product }-Konto
email-codes-created-body = Für Ihr { $product }-Konto wurden neue Backup-Codes erstellt ({ $device }, { $requested_at }). Ihre bisherigen Backup-Codes funktionieren nicht mehr.
email-codes-created-not-you = Wenn Sie das nicht waren, melden Sie sich an, erstellen Sie sofort einen neuen Satz und prüfen Sie Ihre Passkeys:

## Ein Backup-Code wurde verwendet
email-code-used-subject = Ein Backup-Code wurde für die Anmeldung bei { $product } verwendet
email-code-used-heading = Ein Backup-Code wurde für die Anmeldung verwendet
email-code-used-body = Mit einem Backup-Code hat sich gerade jemand bei Ihrem { $product }-Konto angemeldet ({ $device }, { $requested_at }). { $remaining ->
    [one] 1 Backup-Code ist übrig.
   *[other] { $remaining } Backup-Codes sind übrig.
}
email-code-used-not-you = Wenn Sie das nicht waren, melden Sie sich an, erstellen Sie neue Backup-Codes (die alten funktionieren dann nicht mehr) und prüfen Sie Ihre Passkeys:

## Passwort ausgeschaltet
email-password-off-subject = Passwort für Ihr { $product }-Konto ausgeschaltet
email-password-off-body = Das Passwort Ihres { $product }-Kontos wurde ausgeschaltet ({ $device }, { $requested_at }). Sie melden sich jetzt mit Ihren Passkeys an; ist kein Passkey zur Hand, verwenden Sie stattdessen E-Mail.
email-password-off-not-you = Wenn Sie das nicht waren, melden Sie sich mit einem Passkey oder per E-Mail an und prüfen Sie Ihre Passkeys und Sitzungen:

## Der Support hat einen Wiederherstellungslink ausgestellt
email-recovery-issued-subject = Der Support hat einen Wiederherstellungslink für Ihr { $product }-Konto ausgestellt
email-recovery-issued-heading = Der Support hat einen Wiederherstellungslink für Ihr Konto ausgestellt
email-recovery-issued-body = Ein Support-Mitarbeiter hat am { $issued_at } UTC einen Wiederherstellungslink für Ihr { $product }-Konto ausgestellt. Er funktioniert ab { $usable_from } UTC bis { $expires_at } UTC, einmal, und erlaubt nur, einen neuen Passkey zu speichern. Ihre Passkeys funktionieren weiter.
email-recovery-issued-asked = Haben Sie den Support um Hilfe gebeten, müssen Sie nichts tun.
email-recovery-issued-not-you = Wenn Sie das nicht waren, versucht vielleicht jemand, Ihr Konto zu übernehmen. Widerrufen Sie den Link jetzt:
email-recovery-issued-cancel = Das war ich nicht: Link widerrufen

## Ein Wiederherstellungslink wurde verwendet
email-recovery-used-subject = Ihr { $product }-Konto wurde mit einem Support-Link wiederhergestellt
email-recovery-used-heading = Ihr Konto wurde mit einem Support-Link wiederhergestellt
email-recovery-used-body = Mit einem Wiederherstellungslink des Supports hat gerade jemand Zugang zu Ihrem { $product }-Konto erhalten ({ $device }, { $requested_at }). Sobald damit ein neuer Passkey gespeichert ist, werden Ihre anderen Sitzungen abgemeldet.
email-recovery-used-not-you = Wenn Sie das nicht waren, wenden Sie sich sofort an den Support: Jemand hat vielleicht Ihr Konto übernommen.

## Ein Passkey wurde nach einer Anmeldung ohne Passkey gespeichert
email-passkey-added-subject = Ein neuer Passkey wurde in Ihrem { $product }-Konto gespeichert
email-passkey-added-heading = Ein neuer Passkey wurde in Ihrem Konto gespeichert
email-passkey-added-body = Ein neuer Passkey („{ $name }“) wurde in Ihrem { $product }-Konto gespeichert, nach einer Anmeldung mit { $way_in } ({ $device }, { $requested_at }).
email-passkey-added-cooldown = Für { $cooldown } öffnet er nur eingeschränkte Sitzungen, es sei denn, einer Ihrer anderen Passkeys oder ein Backup-Code bestätigt ihn.
email-passkey-added-was-you = Waren Sie das, müssen Sie nichts tun.
email-passkey-added-not-you = Wenn Sie das nicht waren, versucht vielleicht jemand, { $way ->
    [password] der Ihr Passwort kennt,
    [lookup_secret] der einen Ihrer Backup-Codes hat,
   *[other] der Ihre E-Mails lesen kann,
} Ihr Konto zu übernehmen.
email-passkey-added-remove = Entfernen Sie diesen Passkey und melden Sie jede Sitzung ab, die er geöffnet hat:
email-passkey-added-button = Das war ich nicht: entfernen und abmelden
email-passkey-added-then = { $way ->
    [password] Schalten Sie danach auf Ihrer Kontoseite Ihr Passwort aus.
    [lookup_secret] Erstellen Sie danach auf Ihrer Kontoseite einen neuen Satz Backup-Codes.
   *[other] Ändern Sie danach das Passwort Ihres E-Mail-Kontos.
}

## Falsche Codes wurden gebremst
email-slowed-subject = Anmeldeversuche bei Ihrem { $product }-Konto wurden gebremst
email-slowed-heading = Anmeldeversuche wurden gebremst
email-slowed-body = Jemand hat { $tries } falsche Codes (Codes per E-Mail oder Backup-Codes) für Ihr { $product }-Konto eingegeben; weitere Versuche mit Codes müssen daher jetzt warten: zuerst eine Stunde, nach je zehn weiteren länger.
email-slowed-passkey = Ihr Passkey meldet Sie weiterhin sofort an, ebenso der Link in einer Anmelde-E-Mail.
email-slowed-not-you = Wenn Sie das nicht waren, rät vielleicht jemand: Melden Sie sich mit Ihrem Passkey an und erstellen Sie neue Backup-Codes, falls Ihre bekannt sein könnten:
