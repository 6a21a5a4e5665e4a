"""Exercise 12: the chat server over TLS.

This starter is a plain chat server on asyncio streams (every message to every client,
the sender included). It already takes ``--cert FILE`` (the server's certificate chain,
PEM) and ``--key FILE`` (its private key, PEM), but ignores them: everything crosses
the wire in clear. Make it speak TLS only:

* build a server ``ssl.SSLContext`` in ``tls_context`` (``ssl.create_default_context``
  with ``ssl.Purpose.CLIENT_AUTH``, TLS 1.2 at least, ``load_cert_chain``);
* pass it to ``asyncio.start_server`` (``ssl=``, and an ``ssl_handshake_timeout``), so
  the handshake is done before ``handle`` runs: the chat code does not change;
* a certificate or key that cannot be loaded is a one-line error, not a traceback.

The tests make a throw-away certificate authority and a certificate for 127.0.0.1 with
``trustme`` (``pip install trustme``); to try it by hand::

    python -c "import trustme; ca = trustme.CA(); c = ca.issue_cert('127.0.0.1');
    c.private_key_pem.write_to_path('server.key'); c.cert_chain_pems[0].write_to_path(
    'server.pem'); ca.cert_pem.write_to_path('ca.pem')"
    python exercises/chat_tls.py --cert server.pem --key server.key --port 4040
    openssl s_client -connect 127.0.0.1:4040 -CAfile ca.pem

Never commit a private key. Keep ``Connection from ADDR`` on stdout for each client
(the tests wait for it).

Graded (``pytest tests/lab08/test_ex12_tls.py``): two clients that trust the test CA
chat over TLS (2 points); a plaintext client is not served, a client that does not
trust the CA fails its handshake (``ssl.SSLCertVerificationError``), and afterwards the
server still serves TLS clients, without a traceback (2).
"""

import asyncio
import signal
import ssl
import sys

import tincanchat
from labkit import cli, server
from tincanchat.policy import add_server_options, check_server_options


def tls_context(cert: str, key: str) -> ssl.SSLContext | None:
    """A server context: TLS 1.2 or newer, with this certificate chain and key."""
    # TODO: build and return the context
    return None


class TlsChat:
    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.writers: set[asyncio.StreamWriter] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        addr = writer.get_extra_info("peername")
        self.writers.add(writer)
        print(f"Connection from {addr}", flush=True)
        reason = "disconnected"
        try:
            async for msg in tincanchat.read_msgs(reader, tincanchat.Framer(self.max_size)):
                data = tincanchat.prep_msg(tincanchat.format_line(addr, msg))
                for other in list(self.writers):
                    other.write(data)
        except ConnectionError as exc:
            reason = f"disconnected ({cli.describe_error(exc)})"
        except ValueError as exc:
            reason = f"sent a bad message ({exc})"
        finally:
            self.writers.discard(writer)
            writer.transport.abort()
        print(f"Client {addr} {reason}", flush=True)


async def serve(args, context: ssl.SSLContext | None) -> None:
    chat = TlsChat(args.max_size)
    listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    # TODO: serve TLS with `context`
    async with await asyncio.start_server(chat.handle, sock=listen_sock) as listener:
        try:
            server.announce(listen_sock.getsockname())
            await stop.wait()
        finally:
            listener.close()
            for writer in list(chat.writers):
                writer.transport.abort()
            await asyncio.sleep(0.05)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Chat server over TLS.")
    add_server_options(parser)
    parser.add_argument("--cert", required=True, help="server certificate chain (PEM)")
    parser.add_argument("--key", required=True, help="server private key (PEM)")
    args = parser.parse_args(argv)
    check_server_options(parser, args)
    context = tls_context(args.cert, args.key)
    try:
        asyncio.run(serve(args, context))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
