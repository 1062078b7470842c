#!/usr/bin/env python3
"""A real SMTP receiver for the test suite (aiosmtpd).

Usage: smtp_sink.py PORT OUTDIR

Accepts every message on 127.0.0.1:PORT and writes it to OUTDIR/<n>.json as
{"to": [...], "from": ..., "subject": ..., "text": ..., "html": ...} with the MIME parts decoded,
so tests read what a mail client would show. While OUTDIR/REFUSE exists it answers every
message with a temporary failure (451), like a server that is up but not accepting.
Prints "READY" once listening.
"""
import asyncio
import json
import os
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
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        path = os.path.join(self.outdir, f"{self.count:04d}.json")
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


async def main(port, outdir):
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port)
    controller.start()
    print("READY", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
