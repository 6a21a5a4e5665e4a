"""The README walkthrough runs exactly as written (its reading half starts dovecot:
without it the test is skipped, with the command that installs it)."""

from labkit import lab_dir, transcript

from .fixtures_mailstore import require_dovecot


def test_readme_transcripts():
    require_dovecot()
    assert transcript.run_readme(lab_dir("04") / "README.md") > 0
