"""The README walkthrough runs exactly as written (it starts slapd and samba: without
them it is skipped, with the command that installs them)."""

from labkit import lab_dir, transcript

from .fixtures_ldap_smb import require_slapd, require_smbd


def test_readme_transcripts():
    require_slapd()
    require_smbd()
    assert transcript.run_readme(lab_dir("05") / "README.md") > 0
