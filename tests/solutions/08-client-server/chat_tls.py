"""Exercise 12, reference solution: the chat server over TLS (asyncio streams).

``asyncio.start_server(..., ssl=context)`` runs the TLS handshake before calling the
handler, so the chat code is the same as over plain TCP: only the bytes on the wire
change. A client that does not speak TLS, or gives up on the handshake because it does
not trust the server's certificate, never reaches the handler: asyncio closes its
connection (it logs the failure only in debug mode) and the server keeps serving.

    python chat_tls.py --cert server.pem --key server.key --port 4040
"""

import asyncio
import signal
import ssl
import sys

import tincanchat
from labkit import cli, server
from tincanchat.policy import add_server_options, check_server_options

HANDSHAKE_TIMEOUT = 5.0  # seconds a client has to finish the TLS handshake


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    """A server context: TLS 1.2 or newer, with this certificate chain and key."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


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
        except ssl.SSLError as exc:  # a broken TLS record after the handshake
            reason = f"disconnected (TLS error: {exc.reason})"
        except ValueError as exc:
            reason = f"sent a bad message ({exc})"
        finally:
            self.writers.discard(writer)
            writer.transport.abort()
        print(f"Client {addr} {reason}", flush=True)


async def serve(args, context: ssl.SSLContext) -> None:
    chat = TlsChat(args.max_size)
    listen_sock = tincanchat.create_listen_socket(args.host, args.port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with await asyncio.start_server(
        chat.handle, sock=listen_sock, ssl=context, ssl_handshake_timeout=HANDSHAKE_TIMEOUT
    ) as listener:
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
    try:
        context = tls_context(args.cert, args.key)
    except (OSError, ssl.SSLError) as exc:
        return cli.error(f"cannot load {args.cert} / {args.key}: {cli.describe_error(exc)}")
    try:
        asyncio.run(serve(args, context))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
