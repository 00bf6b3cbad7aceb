"""Exercise checks, one module per lesson topic (``lNN_topic.py``), loaded by the registry.

Each case computes its expected answer with a reference written here, independent of the
student's code (cross-checked against ``jax``/``lax`` where it makes sense), and raises
:class:`dltoolkit.grading.Fail` with a specific message and hint for common mistakes.
"""
