"""An SMTP server that accepts everything and counts it (aiosmtpd): the benchmark's mail
server. Prints its port when ready; on SIGTERM prints how many messages and recipients it
accepted, as JSON, and exits."""

import json
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Counter:
    messages = 0
    recipients = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        return "250 OK"


def main() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(port, flush=True)
    done.wait()
    controller.stop()
    print(json.dumps({"messages": handler.messages, "recipients": handler.recipients}), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
