"""labutils.claim: a sentence of the prose, checked by code; and its place in the run report."""
import nbformat
import pytest

from labutils import claims, config
from labutils.runner import collect_claims


@pytest.fixture
def mode(monkeypatch):
    def set_mode(m):
        monkeypatch.setattr(config, "_CURRENT_MODE", m)
    monkeypatch.setattr(claims, "_CLAIMS", [])
    return set_mode


def test_a_claim_that_holds_prints_its_evidence(mode, capsys):
    mode("full")
    assert claims.claim("Adam converges faster than SGD", 3 < 5, "3 vs 5 epochs") is True
    assert "✓ claim: Adam converges faster than SGD (3 vs 5 epochs)" in capsys.readouterr().out
    assert claims.claims()[-1]["status"] == "held"


@pytest.mark.parametrize("m", ["full", "smoke", None])
def test_a_claim_that_fails_raises_in_every_mode_unless_it_needs_full_data(mode, m):
    mode(m)
    with pytest.raises(AssertionError, match="claim does not hold: x beats y"):
        claims.claim("x beats y", 0.7 > 0.9, "0.7 vs 0.9")
    assert claims.claims()[-1]["status"] == "failed"


def test_a_full_data_claim_is_unchecked_in_smoke_mode(mode, capsys):
    mode("smoke")
    assert claims.claim("the CNN reaches 0.98", False, "0.41 on 256 images", needs_full=True) is False
    assert "unchecked in smoke mode" in capsys.readouterr().out
    mode("full")
    with pytest.raises(AssertionError):
        claims.claim("the CNN reaches 0.98", False, "0.97", needs_full=True)
    assert [c["status"] for c in claims.claims()] == ["unchecked", "failed"]
    assert claims.summarise(claims.claims()) == {"claims_checked": 1, "claims_failed": 1,
                                                 "claims_unchecked": 1}


def test_bad_arguments_are_named(mode):
    import numpy as np

    mode("full")
    with pytest.raises(TypeError, match="holds must be a bool"):
        claims.claim("s", 0.5, "e")
    with pytest.raises(ValueError, match="statement must say what is claimed"):
        claims.claim("  ", True, "e")
    with pytest.raises(TypeError, match="statement and evidence must be strings"):
        claims.claim("s", True, 3)
    assert claims.claim("numpy bools are fine", np.float64(1) < 2, "1 < 2")


def test_the_runner_collects_claims_from_outputs():
    nb = nbformat.v4.new_notebook()
    outs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "✓ claim: a", claims.CLAIM_MIME: {"statement": s, "status": st, "evidence": "e"}})
        for s, st in [("a", "held"), ("b", "failed"), ("c", "unchecked")]]
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=outs)]
    got = collect_claims(nb)
    assert [c["statement"] for c in got] == ["a", "b", "c"]
    assert claims.summarise(got) == {"claims_checked": 2, "claims_failed": 1, "claims_unchecked": 1}
