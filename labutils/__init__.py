"""labutils: the helper package of the deep-learning lab workbook.

Every notebook starts with ``cfg = labutils.setup(MODE, seed=SEED)`` and reports its key
results with ``labutils.record(name, value)``. Submodules:

- :mod:`labutils.config`   ``setup`` and the mode-dependent ``Config`` (all notebooks)
- :mod:`labutils.record`   named metrics for the run report (all notebooks)
- :mod:`labutils.claims`   ``claim``: a sentence of the prose checked by code (run report)
- :mod:`labutils.checks`   friendly assertions and ``gradcheck`` (exercises, 02-04 and on)
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

if _in_ipython():  # in a notebook: keep TensorFlow's C++ start-up messages out of the cells
    from labutils._quiet import import_tensorflow_quietly

    import_tensorflow_quietly()

__all__ = ["MODES", "Config", "output_dir", "setup", "record", "recorded", "claim", "quiet_native_logs", "__version__"]
__version__ = "0.1.0"
