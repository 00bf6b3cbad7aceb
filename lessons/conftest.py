"""nbval settings for the lessons: stderr (JAX/XLA notices, warnings) is not compared."""


def pytest_collectstart(collector):
    if getattr(collector, "fspath", None) is not None and str(collector.fspath).endswith(".ipynb"):
        collector.skip_compare += ("stderr",)
