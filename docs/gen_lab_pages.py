"""Make one docs page per lab from its README (into docs/labs/, which git ignores).

Links in a README are relative to the lab folder; on the site they would point nowhere,
so links to files become the file's repository path in code style, and links between
READMEs become links between pages. Run by `make docs` before `mkdocs build`.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "labs"
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!https?:|mailto:|#)([^)\s]+)\)")
IMAGE = re.compile(r"!\[[^\]]*\]\((?!https?:)([^)\s]+)\)")


def rewrite(text: str, lab: Path) -> str:
    def replace(match: re.Match) -> str:
        label, target = match.groups()
        path, _, anchor = target.partition("#")
        resolved = (lab / path).resolve()
        if resolved.name == "README.md" and resolved.parent.parent == ROOT / "labs":
            return f"[{label}]({resolved.parent.name}.md{'#' + anchor if anchor else ''})"
        shown = resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path
        return label if f"`{shown}`" == label else f"{label} (`{shown}`)"

    return LINK.sub(replace, text)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    built = []
    for readme in sorted((ROOT / "labs").glob("[0-9][0-9]-*/README.md")):
        lab = readme.parent
        text = readme.read_text(encoding="utf-8")
        for image in IMAGE.findall(text):  # figures sit beside the page, as in the lab folder
            source = lab / image
            if source.is_file():
                (OUT / image).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, OUT / image)
        (OUT / f"{lab.name}.md").write_text(rewrite(text, lab))
        built.append(lab.name)
    index = ["# Labs", "", "Each lab's page is its README, as in the repository.", ""]
    index += [f"- [{name}]({name}.md)" for name in built]
    (OUT / "index.md").write_text("\n".join(index) + "\n")
    print(f"docs: {len(built)} lab page(s) generated in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
