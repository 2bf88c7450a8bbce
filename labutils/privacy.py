"""Differential-privacy accounting from scratch (notebook 13).

The privacy of DP-SGD, computed with Renyi differential privacy (RDP, Mironov 2017):

1. One step of DP-SGD is the **Poisson-subsampled Gaussian mechanism**: every example is in
   the batch independently with probability ``q``, and Gaussian noise of standard deviation
   ``sigma * C`` is added to the sum of gradients clipped to norm ``C``. For an integer order
   ``alpha >= 2`` its RDP is ``log(A_alpha) / (alpha - 1)`` with (Mironov, Talwar & Zhang 2019,
   "Renyi Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530, section 3)

       A_alpha = sum_{k=0}^{alpha} binom(alpha, k) (1 - q)^(alpha - k) q^k exp((k^2 - k) / (2 sigma^2))

   evaluated in log space (the terms overflow a float for large orders).
2. **Composition**: the RDP of ``steps`` steps is ``steps`` times the RDP of one step, order by
   order.
3. **Conversion** to ``(epsilon, delta)``, minimised over the orders:

   - ``"classic"`` (Mironov 2017, proposition 3): ``eps = rdp + log(1/delta) / (alpha - 1)``;
   - ``"improved"`` (Balle et al. 2020, "Hypothesis testing interpretations and Renyi
     differential privacy", AISTATS; Canonne, Kamath & Steinke 2020, arXiv:2004.00010,
     proposition 12):
     ``eps = rdp + log((alpha - 1) / alpha) - (log(delta) + log(alpha)) / (alpha - 1)``,
     the conversion Google's ``dp_accounting.rdp.RdpAccountant`` uses. It is never larger
     than the classic one.

Only integer orders are used (``ORDERS`` is a subset of ``dp_accounting``'s default orders, which
add fractional orders between 1 and 11), so this accountant's epsilon is never smaller than the
library's with its defaults, and equal to it when the library is given the same orders.
Unit-tested against ``dp_accounting`` in ``tests/test_privacy.py``.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from scipy.special import gammaln, logsumexp

ORDERS: tuple[int, ...] = tuple(range(2, 64)) + (128, 256, 512, 1024)

__all__ = ["ORDERS", "rdp_sampled_gaussian", "rdp_to_epsilon", "epsilon"]


def _log_a(q: float, sigma: float, alpha: int) -> float:
    """log A_alpha of the Poisson-subsampled Gaussian, for 0 < q < 1, sigma > 0, integer alpha."""
    k = np.arange(alpha + 1, dtype=float)
    log_binom = gammaln(alpha + 1) - gammaln(k + 1) - gammaln(alpha - k + 1)
    terms = log_binom + k * math.log(q) + (alpha - k) * math.log1p(-q) + (k * k - k) / (2 * sigma**2)
    return float(logsumexp(terms))


def rdp_sampled_gaussian(q: float, sigma: float, orders: Sequence[int] = ORDERS) -> np.ndarray:
    """RDP of ONE step of the Poisson-subsampled Gaussian mechanism at each integer order.

    ``q`` is the sampling rate (each example included with probability q), ``sigma`` the noise
    multiplier (noise std / clipping norm). Returns float64 of shape (len(orders),); ``inf`` for
    ``sigma == 0`` (no noise, no privacy), zeros for ``q == 0``.

    Raises:
        ValueError: q outside [0, 1], sigma < 0, or an order that is not an integer >= 2.
    """
    if not 0 <= q <= 1:
        raise ValueError(f"sampling rate q must be in [0, 1]; got {q}")
    if sigma < 0:
        raise ValueError(f"noise multiplier must be >= 0; got {sigma}")
    out = []
    for a in orders:
        if float(a) != int(a) or a < 2:
            raise ValueError(f"orders must be integers >= 2; got {a}")
        a = int(a)
        if q == 0:
            out.append(0.0)
        elif sigma == 0:
            out.append(math.inf)
        elif q == 1:
            out.append(a / (2 * sigma**2))  # the plain Gaussian mechanism
        else:
            out.append(_log_a(q, sigma, a) / (a - 1))
    return np.array(out, dtype=float)


def rdp_to_epsilon(orders: Sequence[int], rdp: Sequence[float], delta: float,
                   conversion: str = "improved") -> tuple[float, int]:
    """``(epsilon, best order)``: the smallest epsilon over the orders at this ``delta``.

    ``conversion`` is ``"improved"`` (Balle et al. 2020; what dp_accounting uses) or ``"classic"``
    (Mironov 2017). Raises ValueError for delta outside (0, 1) or an unknown conversion.
    """
    if not 0 < delta < 1:
        raise ValueError(f"delta must be in (0, 1); got {delta}")
    a = np.asarray(orders, dtype=float)
    r = np.asarray(rdp, dtype=float)
    if a.shape != r.shape:
        raise ValueError(f"orders and rdp differ in shape: {a.shape} vs {r.shape}")
    with np.errstate(invalid="ignore"):  # inf rdp stays inf
        if conversion == "classic":
            eps = r + math.log(1 / delta) / (a - 1)
        elif conversion == "improved":
            eps = r + np.log1p(-1 / a) - (math.log(delta) + np.log(a)) / (a - 1)
        else:
            raise ValueError(f"conversion must be 'improved' or 'classic'; got {conversion!r}")
    i = int(np.argmin(eps))
    return max(0.0, float(eps[i])), int(a[i])


def epsilon(q: float, sigma: float, steps: int, delta: float, orders: Sequence[int] = ORDERS,
            conversion: str = "improved") -> float:
    """Epsilon of ``steps`` DP-SGD steps (Poisson sampling rate ``q``, noise multiplier
    ``sigma``) at ``delta``: RDP per step, times ``steps`` (composition), converted."""
    rdp = steps * rdp_sampled_gaussian(q, sigma, orders)
    return rdp_to_epsilon(orders, rdp, delta, conversion)[0]
