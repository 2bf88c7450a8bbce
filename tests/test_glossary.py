from pathlib import Path

import pytest

from labutils.glossary import TERMS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_at_least_40_distinct_terms():
    assert len(TERMS) >= 40
    assert len({t.english for t in TERMS}) == len(TERMS) and len({t.chinese for t in TERMS}) == len(TERMS)
    assert all(t.meaning and t.notebook.isdigit() and len(t.notebook) == 2 for t in TERMS)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_every_chinese_term_occurs_in_the_sources():
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    missing = [t.chinese for t in TERMS if t.in_sources and t.chinese not in text]
    assert not missing, f"terms not found in the sources: {missing}"
    present = [t.chinese for t in TERMS if not t.in_sources and t.chinese in text]
    assert not present, f"terms marked in_sources=False that the sources do use: {present}"
