"""Translate an errno number into its symbol and message.

Follows the end of "Breaking a few eggs" in chapter 1 of the book: the refused
connection reported ``[Errno 111]``, a number that comes from the operating system.
The book looks it up in the C header ``/usr/include/asm-generic/errno.h``, which only
exists when the kernel headers are installed. Python already knows the table:
``errno.errorcode`` maps numbers to symbols and ``os.strerror`` gives the message.

Run it::

    python errno_lookup.py 111            # ECONNREFUSED Connection refused
    python errno_lookup.py 110 104 113    # several at once
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from labkit import cli


def errno_number(text: str) -> int:
    """argparse type: a number the errno table knows."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if number not in errno.errorcode:
        raise argparse.ArgumentTypeError(f"no errno {number} on this system")
    return number


def describe(number: int) -> str:
    """``111`` -> ``ECONNREFUSED Connection refused``."""
    return f"{errno.errorcode[number]} {os.strerror(number)}"


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Show the symbol and message of an errno.")
    parser.add_argument("numbers", metavar="N", nargs="+", type=errno_number, help="e.g. 111")
    args = parser.parse_args(argv)
    for number in args.numbers:
        print(describe(number))
    return 0


if __name__ == "__main__":
    sys.exit(main())
