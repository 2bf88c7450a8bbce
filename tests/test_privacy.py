"""labutils.privacy (the RDP accountant of notebook 13) against Google's dp-accounting."""
from __future__ import annotations

import logging
import math

import numpy as np
import pytest

from labutils import privacy

dp_accounting = pytest.importorskip("dp_accounting")
from dp_accounting.rdp import RdpAccountant  # noqa: E402

logging.getLogger("absl").setLevel(logging.ERROR)

CASES = [  # (q, sigma, steps): small and large q, weak and strong noise, short and long runs
    (0.01, 1.1, 10_000),
    (64 / 1347, 0.5, 600),
    (64 / 1347, 1.0, 600),
    (64 / 1347, 8.0, 150),
    (0.2, 4.0, 300),
    (0.001, 0.8, 100_000),
    (0.5, 2.0, 50),
]


def library_epsilon(q, sigma, steps, delta, orders=None):
    acc = RdpAccountant(orders=list(orders)) if orders is not None else RdpAccountant()
    acc.compose(dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(sigma)), steps)
    return acc.get_epsilon(delta)


@pytest.mark.parametrize("q, sigma, steps", CASES)
@pytest.mark.parametrize("delta", [1e-5, 1e-3])
def test_equals_library_at_the_same_orders(q, sigma, steps, delta):
    ours = privacy.epsilon(q, sigma, steps, delta)
    ref = library_epsilon(q, sigma, steps, delta, orders=privacy.ORDERS)
    assert ours == pytest.approx(ref, rel=1e-9)


@pytest.mark.parametrize("q, sigma, steps", CASES)
def test_never_below_library_with_its_default_orders(q, sigma, steps):
    ours = privacy.epsilon(q, sigma, steps, 1e-5)
    ref = library_epsilon(q, sigma, steps, 1e-5)
    assert ours >= ref * (1 - 1e-12)
    if sigma >= 1:  # fractional orders only matter much when the best order is near 1
        assert ours <= ref * 1.05


@pytest.mark.parametrize("q, sigma", [(0.01, 1.0), (0.3, 2.0), (0.05, 0.7)])
def test_rdp_per_order_equals_library(q, sigma):
    from dp_accounting.rdp.rdp_privacy_accountant import _compute_rdp_poisson_subsampled_gaussian

    ours = privacy.rdp_sampled_gaussian(q, sigma)
    ref = _compute_rdp_poisson_subsampled_gaussian(q, sigma, privacy.ORDERS)
    np.testing.assert_allclose(ours, ref, rtol=1e-10)


def test_special_cases():
    orders = (2, 8, 32)
    np.testing.assert_allclose(privacy.rdp_sampled_gaussian(1.0, 2.0, orders),
                               [a / (2 * 2.0**2) for a in orders])  # plain Gaussian mechanism
    # q -> 1 through the general formula approaches the plain Gaussian mechanism
    np.testing.assert_allclose(privacy.rdp_sampled_gaussian(1 - 1e-12, 2.0, orders),
                               [a / 8 for a in orders], rtol=1e-6)
    assert np.all(privacy.rdp_sampled_gaussian(0.0, 1.0, orders) == 0)
    assert np.all(np.isinf(privacy.rdp_sampled_gaussian(0.1, 0.0, orders)))
    assert math.isinf(privacy.epsilon(0.1, 0.0, 10, 1e-5))  # no noise: no privacy


def test_subsampling_amplifies_and_composition_adds():
    one = privacy.rdp_sampled_gaussian(0.01, 1.0)
    assert np.all(one < privacy.rdp_sampled_gaussian(1.0, 1.0))
    assert np.all(np.diff(one) > 0)  # RDP grows with the order
    e100, e1000 = privacy.epsilon(0.01, 1.0, 100, 1e-5), privacy.epsilon(0.01, 1.0, 1000, 1e-5)
    assert e100 < e1000
    assert privacy.epsilon(0.01, 2.0, 1000, 1e-5) < e1000  # more noise, smaller epsilon


def test_classic_conversion_is_never_smaller():
    for q, sigma, steps in CASES:
        improved = privacy.epsilon(q, sigma, steps, 1e-5)
        classic = privacy.epsilon(q, sigma, steps, 1e-5, conversion="classic")
        assert classic >= improved
    # the classic formula itself, at one order
    eps, order = privacy.rdp_to_epsilon([4], [0.5], 1e-5, conversion="classic")
    assert (eps, order) == (pytest.approx(0.5 + math.log(1e5) / 3), 4)


@pytest.mark.parametrize("kwargs", [dict(q=1.5, sigma=1.0), dict(q=0.1, sigma=-1.0),
                                    dict(q=0.1, sigma=1.0, orders=(1,)),
                                    dict(q=0.1, sigma=1.0, orders=(2.5,))])
def test_rdp_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        privacy.rdp_sampled_gaussian(**kwargs)


def test_conversion_rejects_bad_arguments():
    with pytest.raises(ValueError):
        privacy.rdp_to_epsilon([2, 3], [0.1, 0.2], 0.0)
    with pytest.raises(ValueError):
        privacy.rdp_to_epsilon([2, 3], [0.1], 1e-5)
    with pytest.raises(ValueError):
        privacy.rdp_to_epsilon([2, 3], [0.1, 0.2], 1e-5, conversion="tight")
