"""labutils: the helper package of the deep-learning lab workbook.

Every notebook starts with ``cfg = labutils.setup(MODE, seed=SEED)`` and reports its key
results with ``labutils.record(name, value)``. Submodules:

- :mod:`labutils.config`   ``setup`` and the mode-dependent ``Config`` (all notebooks)
- :mod:`labutils.record`   named metrics for the run report (all notebooks)
- :mod:`labutils.claims`   ``claim``: a sentence of the prose checked by code, with its kind (run report)
- :mod:`labutils.checks`   the one-line checks of check cells, friendly assertions, ``gradcheck``,
  tolerances derived from the arithmetic (every notebook)
- :mod:`labutils.tables`   ``table``: comparisons shown as DataFrames (every notebook)
- :mod:`labutils.timing`   ``best_time``, ``stopwatch``, ``blas_threads`` (speed comparisons)
- :mod:`labutils.stats`    the paired bootstrap (06, 08, 09, 11)
- :mod:`labutils.precision` ``dtype_policy``: float64 copies of Keras models without plumbing
- :mod:`labutils.taught`   what the chapters teach from scratch, for later chapters (generated)
- :mod:`labutils.style`    the style report (``python -m labutils style``)
- :mod:`labutils.datasets` real data with deterministic offline stand-ins (00, 04-13)
- :mod:`labutils.plots`    the course's figures (02-13)
- :mod:`labutils.widgets`  interactive explorers with a static fallback when headless (02, 03)
- :mod:`labutils.glossary` the bilingual glossary (00)
- :mod:`labutils.pretrained` keras-hub presets with an honest offline fallback (08, 11)
- :mod:`labutils.privacy`  an RDP accountant for DP-SGD, checked against dp-accounting (13)
- :mod:`labutils.serving`  a SavedModel served over HTTP on localhost by a child process (10)
- :mod:`labutils.runner`   headless execution and the run report (``python -m labutils run``)
- :mod:`labutils.coursework` student releases and headless grading (``release``, ``grade``)
- :mod:`labutils.sandbox`  the confinement of a graded submission's kernel (``grade``)
"""
from __future__ import annotations

from labutils._quiet import silenced_fd2 as quiet_native_logs
from labutils.config import MODES, Config, output_dir, setup
from labutils.claims import claim
from labutils.record import _in_ipython, record, recorded
from labutils.tables import table

import os as _os

# In a notebook: keep TensorFlow's C++ start-up messages out of the cells. LABUTILS_NO_TF=1 skips
# it, for kernels that never use TensorFlow (the grader's own tests grade such small notebooks).
if _in_ipython() and _os.environ.get("LABUTILS_NO_TF") != "1":
    from labutils._quiet import import_tensorflow_quietly

    import_tensorflow_quietly()

__all__ = ["MODES", "Config", "output_dir", "setup", "record", "recorded", "claim", "table", "quiet_native_logs",
           "__version__"]
__version__ = "0.1.0"
