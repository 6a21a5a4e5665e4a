"""labkit: what every lab script and test shares.

- ``labkit.config``: where the lab network's hosts and services are;
- ``labkit.cli``: common command-line options and one-line error reporting;
- ``labkit.server``: the ``Listening on HOST:PORT`` ready line and clean shutdown;
- ``labkit.daemon``: run a private copy of a real daemon (dovecot, slapd, smbd);
- ``labkit.capture``: packet capture with tshark for the "Inspect it" sections;
- ``labkit.testing``: run scripts as subprocesses, fixtures for timeouts and refusals;
- ``labkit.grading``: the pytest plugin that scores exercises;
- ``labkit.transcript``: runs README walkthroughs and compares their output.
"""

from labkit.paths import LABS, REPO_ROOT, lab_dir

__all__ = ["LABS", "REPO_ROOT", "lab_dir"]
