"""The README walkthrough runs exactly as written."""

from labkit import transcript

from conftest import LAB


def test_readme_transcripts():
    assert transcript.run_readme(LAB / "README.md") > 0
