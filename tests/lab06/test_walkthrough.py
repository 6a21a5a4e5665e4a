"""The README walkthrough runs exactly as written."""

from labkit import lab_dir, transcript


def test_readme_transcripts():
    assert transcript.run_readme(lab_dir("06") / "README.md") > 0
