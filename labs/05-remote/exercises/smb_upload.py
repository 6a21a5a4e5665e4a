"""Exercise 9: upload a local folder, sub-folders and all, to an SMB share.

Write :func:`upload_directory`: log in to the SMB server, then copy every file under
``local_dir`` into ``remote_dir`` of ``share``, keeping the layout.

- Log in as ``smb_file_share.py`` does: ``SMBConnection(user, password, client_name,
  server_name, domain=..., use_ntlm_v2=True, is_direct_tcp=True)``, then
  ``connect(host, port, timeout=...)``, which returns ``False`` when the server refuses
  the login (some servers make pysmb raise ``smb.base.NotReadyError`` instead). Either
  way, raise ``PermissionError`` and upload nothing. Close the connection at the end,
  whatever happens;
- create ``remote_dir`` and each sub-folder with ``createDirectory(share, path)``
  before storing into it. A folder that exists already makes it raise
  ``smb.smb_structs.OperationFailure``: that is fine, uploading twice must work (the
  second run overwrites the files);
- store each file with ``storeFile(share, path, file_object, timeout=...)``, which
  returns the number of bytes written. Remote paths use ``/`` (``posixpath.join``);
- return ``{path relative to remote_dir, with "/": size in bytes}`` for every file
  uploaded, such as ``{"a.txt": 12, "sub/b.bin": 70000}``.

Graded by ``tests/lab05/test_ex9_smb_upload.py`` against the lab's smbd: the names and
sizes found on the share over a second connection, sub-folders, the returned dict, a
second upload of the same folder, a wrong password.

Try it, with ``python smb_server.py`` running::

    LAB_PASSWORD=secret python smb_upload.py some_folder /backup
"""

from __future__ import annotations

import sys
from pathlib import Path

from smb.SMBConnection import SMBConnection  # noqa: F401 - you will need it

from labkit import cli

DEFAULT_PORT = 8445
CLIENT_NAME, SERVER_NAME, DOMAIN = "LABCLIENT", "LABSMB", "WORKGROUP"


def upload_directory(
    host: str,
    port: int,
    user: str,
    password: str,
    local_dir: str | Path,
    share: str,
    remote_dir: str,
    timeout: float = 5,
) -> dict[str, int]:
    """Copy ``local_dir`` into ``share:remote_dir``; return ``{relative path: size}``."""
    raise NotImplementedError("exercise 9: log in, create the folders, store the files")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Upload a folder to an SMB share.")
    parser.add_argument("local_dir", type=Path)
    parser.add_argument("remote_dir", help="folder in the share, e.g. /backup")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--user", default="student")
    parser.add_argument("--password-env", metavar="VAR", default="LAB_PASSWORD")
    parser.add_argument("--share", default="Share")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.local_dir.is_dir():
        parser.error(f"{args.local_dir}: no such folder")
    password = cli.read_password(f"Password for {args.user}: ", args.password_env)
    try:
        uploaded = upload_directory(
            args.host, args.port, args.user, password, args.local_dir, args.share,
            args.remote_dir, args.timeout,
        )  # fmt: skip
    except PermissionError:
        return cli.error(f"login failed for {args.user}")
    except OSError as exc:
        return cli.error(f"cannot upload to {args.host}:{args.port}: {cli.describe_error(exc)}")
    for name, size in sorted(uploaded.items()):
        print(f"{name}  ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
