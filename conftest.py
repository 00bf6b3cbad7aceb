"""Marks for the whole suite.

``isa``: the lessons and the numerically sensitive tests. CI runs them again under
``XLA_FLAGS=--xla_cpu_max_isa=SSE4_2`` and ``AVX2`` (README's test command), because XLA:CPU
compiles different code per instruction set and float rounding, amplified by training, differs
between CPUs. A test belongs here when it trains, iterates or compares floats with a tolerance
that rounding could cross.
"""
from __future__ import annotations

from pathlib import Path

import pytest

NUMERIC_TESTS = {
    "test_activations", "test_blocks", "test_callbacks", "test_fit_engine", "test_fit_safety",
    "test_generative", "test_gradcheck", "test_initializers", "test_keras_example",
    "test_layers_activation", "test_layers_backprop_example", "test_layers_batchnorm",
    "test_layers_conv", "test_layers_dense", "test_layers_dropout", "test_layers_gradients",
    "test_layers_pooling", "test_losses", "test_metrics", "test_optim_closed_forms",
    "test_optim_compose", "test_optim_hyperparams", "test_optim_vs_optax", "test_parallel",
    "test_perceptron", "test_regularizers", "test_schedules", "test_sequential", "test_transfer",
    "test_widgets_dashboard", "test_widgets_explorers", "test_widgets_playground",
    "test_zoo_degradation", "test_zoo_dense_prediction", "test_divergence_recovery",
    "test_pretrained_oracles",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb" and path.parent.name == "lessons":
            item.add_marker(pytest.mark.isa)
        elif path.stem in NUMERIC_TESTS:
            item.add_marker(pytest.mark.isa)
