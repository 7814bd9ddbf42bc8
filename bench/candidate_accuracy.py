"""How well ``drafting evidence add`` proposes candidate facts: key facts found, and noise.

Run: ``python bench/candidate_accuracy.py [--show]``

Each made-up article in ``bench/articles/`` is added to a copy of the bundled dossier (as
``evidence add --no-input`` would) and its candidates are compared with the key facts
listed for it in ``bench/articles/key_facts.yaml``: a key fact is found when a candidate's
sentence holds its words; a candidate that holds no key fact is noise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import yaml  # noqa: E402

from evidence.add import add_source, read_document  # noqa: E402
from evidence.candidates import Candidate, candidates  # noqa: E402
from evidence.dossier import open_dossier, slug_for  # noqa: E402
from evidence.sources import DateInfo, SourceMeta  # noqa: E402

ARTICLES = HERE / "articles"


def article_candidates(root: Path, path: Path) -> list[Candidate]:
    """Add one article to the dossier at ``root``; its candidates."""
    dossier = open_dossier(root)
    document = read_document(path)
    meta = SourceMeta(
        id=slug_for(path.stem),
        file=document.keep_as,
        description=f"Made-up article {path.name}",
        kind="news",
        date=DateInfo(how="unknown"),
        sha256=document.sha256,
        added_from=document.reduced_from,
    )
    with dossier.editing("bench"):
        add_source(dossier, document, meta)
    register = dossier.load()
    source = register.sources[meta.id]
    return candidates(source.meta, source.segmentation, register)


def main() -> None:
    """Add each article, score its candidates, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list misses and noise")
    args = parser.parse_args()
    key_facts = yaml.safe_load((ARTICLES / "key_facts.yaml").read_text(encoding="utf-8"))
    repo = HERE.parent
    totals = [0, 0, 0, 0]
    print(
        f"{'article':26} {'key facts':>9} {'found':>6} {'candidates':>10} {'noise':>6}"
        f" {'relations':>9}"
    )
    for name, keys in key_facts["articles"].items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "dossier"
            root.mkdir()
            for part in ("dossier.yaml", "facts.yaml", "people.yaml"):
                shutil.copy(repo / part, root / part)
            shutil.copytree(repo / "seeds", root / "seeds")
            found = article_candidates(root, ARTICLES / name)
        hit = [k for k in keys if any(k in c.quote for c in found)]
        noise = [c for c in found if not any(k in c.quote for k in keys)]
        relations = sum(len(c.relations) for c in found)
        print(
            f"{name:26} {len(keys):>9} {len(hit):>6} {len(found):>10} {len(noise):>6}"
            f" {relations:>9}"
        )
        for i, n in enumerate((len(keys), len(hit), len(found), len(noise))):
            totals[i] += n
        if args.show:
            for k in keys:
                if k not in hit:
                    print(f"    missed: {k}")
            for c in noise:
                print(f"    noise:  {c.handle} {c.quote}")
            for c in found:
                for r in c.relations:
                    print(f"    {r.how}: {c.handle} / {r.fact}: {r.detail}")
    keys, hit, found, noise = totals
    print(f"{'all':26} {keys:>9} {hit:>6} {found:>10} {noise:>6}")
    print(
        f"\nrecall {hit / keys:.2f} (key facts found), noise {noise / found:.2f} "
        "(share of candidates that hold no key fact)"
    )


if __name__ == "__main__":
    main()
