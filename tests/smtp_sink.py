#!/usr/bin/env python3
"""A real SMTP receiver for the test suite (aiosmtpd).

Usage: smtp_sink.py PORT OUTDIR [plain|starttls|tls]

Accepts every message on 127.0.0.1:PORT and writes it to OUTDIR/<n>.json as
{"to": [...], "from": ..., "subject": ..., "message_id": ..., "text": ..., "html": ...} with the MIME parts decoded,
so tests read what a mail client would show. While OUTDIR/REFUSE exists it answers every
message with a temporary failure (451), like a server that is up but not accepting.
With starttls the server requires STARTTLS before mail; with tls it speaks TLS from the first byte
(SMTPS). Both use a self-signed certificate for localhost made with openssl in OUTDIR.
Prints "READY" once listening.
"""
import asyncio
import json
import os
import ssl
import subprocess
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.outdir, "REFUSE")):
            return "451 4.3.0 Not accepting mail right now"
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        self.count += 1
        record = {
            "to": envelope.rcpt_tos,
            "from": envelope.mail_from,
            "subject": str(message["subject"]),
            "message_id": str(message["message-id"]),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        path = os.path.join(self.outdir, f"{self.count:04d}.json")
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


def certificate(outdir):
    cert, key = os.path.join(outdir, "cert.pem"), os.path.join(outdir, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
             "-keyout", key, "-out", cert],
            check=True, capture_output=True,
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main(port, outdir, mode):
    tls = {}
    if mode == "starttls":
        tls = {"tls_context": certificate(outdir), "require_starttls": True}
    elif mode == "tls":
        tls = {"ssl_context": certificate(outdir)}
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port, **tls)
    controller.start()
    print("READY", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "plain"))
