"""labutils.claim: a sentence of the prose, checked by code, that says what it is about."""
import nbformat
import pytest

from labutils import claims, config
from labutils.datasets import _source
from labutils.runner import collect_claims

REF = "LeCun et al. (1998), table 1: a 2-layer MLP with 1000 hidden units errs on 4.5% of MNIST"


@pytest.fixture
def mode(monkeypatch):
    def set_mode(m):
        monkeypatch.setattr(config, "_CURRENT_MODE", m)
    monkeypatch.setattr(claims, "_CLAIMS", [])
    monkeypatch.setattr(_source, "_SOURCES", {"mnist": "stand-in", "questions": "course-authored",
                                              "digits": "real"})
    return set_mode


def real_mnist(monkeypatch):
    monkeypatch.setitem(_source._SOURCES, "mnist", "real")
    monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)  # online: a learner with real data


def test_a_claim_that_holds_prints_its_evidence(mode, capsys):
    mode("full")
    assert claims.claim("Adam converges faster than SGD", 3 < 5, "3 vs 5 epochs", kind="computation") is None
    assert "✓ claim: Adam converges faster than SGD (3 vs 5 epochs)" in capsys.readouterr().out
    assert claims.claims()[-1]["status"] == "held"


@pytest.mark.parametrize("m", ["full", "smoke", None])
def test_a_claim_that_fails_on_the_courses_data_raises_in_every_mode(mode, m):
    mode(m)
    with pytest.raises(AssertionError, match="claim does not hold: x beats y"):
        claims.claim("x beats y", 0.7 > 0.9, "0.7 vs 0.9", kind="course-data", data="mnist",
                     real="on real MNIST y wins (somebody 2020)")
    assert claims.claims()[-1]["status"] == "failed"
    with pytest.raises(AssertionError):
        claims.claim("x beats y", False, "e", kind="general", data="mnist", reference=REF)
    with pytest.raises(AssertionError):
        claims.claim("an identity", False, "e", kind="computation")


def test_a_full_data_claim_is_unchecked_in_smoke_mode(mode, capsys):
    mode("smoke")
    claims.claim("the CNN reaches 0.98", False, "0.41 on 256 images", kind="general",
                 data="mnist", reference=REF, needs_full=True)
    assert "unchecked in smoke mode" in capsys.readouterr().out
    mode("full")
    with pytest.raises(AssertionError):
        claims.claim("the CNN reaches 0.98", False, "0.97", kind="general", data="mnist", reference=REF,
                     needs_full=True)
    assert [c["status"] for c in claims.claims()] == ["unchecked", "failed"]
    assert claims.summarise(claims.claims()) == {"claims_checked": 1, "claims_failed": 1,
                                                 "claims_unchecked": 1, "claims_not_applicable": 0}


def test_on_real_data_a_failed_claim_is_a_finding_not_a_crash(mode, monkeypatch, capsys):
    mode("full")
    real_mnist(monkeypatch)
    claims.claim("the MLP reaches 0.97", 0.91 >= 0.97, "0.912 after 9 epochs", kind="general",
                 data="mnist", reference=REF)
    out = capsys.readouterr().out
    assert "✗ CLAIM FAILED" in out and "on real data" in out and "0.912 after 9 epochs" in out and REF in out
    assert claims.claims()[-1]["status"] == "failed"


def test_a_course_data_claim_is_not_applicable_on_real_data(mode, monkeypatch, capsys):
    mode("full")
    real_mnist(monkeypatch)
    claims.claim("on the stand-in, the CNN beats the MLP", False, "e", kind="course-data",
                 data=["mnist", "questions"], real="on real MNIST CNNs win by 1-2 points (LeCun 1998)")
    out = capsys.readouterr().out
    assert "not applicable" in out and "LeCun 1998" in out
    assert claims.summarise(claims.claims())["claims_not_applicable"] == 1


def test_a_general_claim_outside_its_conditions_is_not_applicable(mode, capsys):
    mode("full")
    claims.claim("reaches 0.98", False, "0.91", kind="general", data="mnist", reference=REF,
                 conditions="trained on the full 60,000 images", applies=4000 >= 60000)
    assert "60,000" in capsys.readouterr().out and claims.claims()[-1]["status"] == "not applicable"


def test_course_authored_data_needs_no_real_note(mode):
    mode("full")
    claims.claim("a property of our questions", True, "e", kind="course-data", data="questions")
    assert claims.claims()[-1]["status"] == "held"


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(kind="nonsense"), ValueError, "kind must be one of"),
    (dict(), TypeError, "kind"),
    (dict(kind="course-data"), ValueError, "must name its datasets"),
    (dict(kind="course-data", data="mnist"), ValueError, "real is required"),
    (dict(kind="course-data", data="cifar"), ValueError, "not loaded in this process"),
    (dict(kind="general"), ValueError, "reference is required"),
    (dict(kind="general", reference=REF, applies=False), ValueError, "conditions is required"),
    (dict(kind="general", reference=REF, applies=0), TypeError, "applies must be a bool"),
    (dict(kind="computation", reference=REF), ValueError, "for general findings"),
    (dict(kind="computation", real="x"), ValueError, "real= is for course-data"),
    (dict(kind="computation", data=[3]), TypeError, "data must be a dataset name"),
])
def test_a_claim_must_say_what_it_is_about(mode, kwargs, error, match):
    mode("full")
    with pytest.raises(error, match=match):
        claims.claim("s", True, "e", **kwargs)


def test_bad_arguments_are_named(mode):
    import numpy as np

    mode("full")
    with pytest.raises(TypeError, match="holds must be a bool"):
        claims.claim("s", 0.5, "e", kind="computation")
    with pytest.raises(ValueError, match="statement must say what is claimed"):
        claims.claim("  ", True, "e", kind="computation")
    with pytest.raises(TypeError, match="statement and evidence must be strings"):
        claims.claim("s", True, 3, kind="computation")
    claims.claim("numpy bools are fine", np.float64(1) < 2, "1 < 2", kind="computation")
    assert claims.claims()[-1]["status"] == "held"


def test_the_runner_collects_claims_from_outputs():
    nb = nbformat.v4.new_notebook()
    outs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "✓ claim: a", claims.CLAIM_MIME: {"statement": s, "status": st, "evidence": "e"}})
        for s, st in [("a", "held"), ("b", "failed"), ("c", "unchecked"), ("d", "not applicable")]]
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=outs)]
    got = collect_claims(nb)
    assert [c["statement"] for c in got] == ["a", "b", "c", "d"]
    assert claims.summarise(got) == {"claims_checked": 2, "claims_failed": 1, "claims_unchecked": 1,
                                     "claims_not_applicable": 1}


def test_forced_offline_a_failed_claim_on_bundled_real_data_raises(mode, monkeypatch):
    """In CI (LABUTILS_OFFLINE=1) real bundled data is the same everywhere: a failure is a bug."""
    mode("full")
    monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    with pytest.raises(AssertionError):
        claims.claim("digits are learnable", False, "0.1", kind="general", data="digits", reference=REF)
